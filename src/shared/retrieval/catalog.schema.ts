import { z } from "zod";
import { CatalogItem } from "../schemas/reference.schema";

/** A supplier part number as DESIGN §5.1 allows it: 1 to 48 letters, digits and - _ . / */
export const CATALOG_SKU = /^[A-Za-z0-9][A-Za-z0-9\-_./]{0,47}$/;

export const PartFamily = z.enum([
  "valve",
  "bearing",
  "pump",
  "motor",
  "actuator",
  "fitting",
  "flange",
  "gasket",
  "seal",
  "fastener",
  "hose",
  "coupling",
  "filter",
]);
export type PartFamily = z.infer<typeof PartFamily>;

/**
 * What a part is, as structured data: the generator writes it and the labelled query set is
 * judged from it, never from the descriptions a search reads. Sizes are nominal; `voltage`
 * lists every rating of a dual-voltage motor.
 */
export const PartAttributes = z.object({
  family: PartFamily,
  type: z.string().min(1),
  size_in: z.number().positive().optional(),
  size_mm: z.number().positive().optional(),
  material: z.string().optional(),
  pressure_class: z.number().int().positive().optional(),
  pressure_psi: z.number().int().positive().optional(),
  power_hp: z.number().positive().optional(),
  voltage: z.array(z.number().int().positive()).optional(),
  thread: z.enum(["npt", "bsp"]).optional(),
});
export type PartAttributes = z.infer<typeof PartAttributes>;

/** A catalog part with the attributes it was generated from. */
export const CatalogPart = CatalogItem.extend({
  sku: z.string().regex(CATALOG_SKU),
  attributes: PartAttributes,
});
export type CatalogPart = z.infer<typeof CatalogPart>;

/** Stock of a generated part at one warehouse, in the shape of the seed `inventory.json`. */
export const GeneratedStock = z.object({
  sku: z.string().regex(CATALOG_SKU),
  warehouse: z.string(),
  on_hand: z.number().int().nonnegative(),
  supplier_eta: z.iso.date().nullable(),
});
export type GeneratedStock = z.infer<typeof GeneratedStock>;

export const PassageTopic = z.enum(["pricing", "payment", "sla", "returns", "substitutions"]);
export type PassageTopic = z.infer<typeof PassageTopic>;

/** One passage of a customer's contract: what retrieval returns only to that customer. */
export const ContractPassage = z.object({
  passage_id: z.string().min(1).max(64),
  contract_id: z.string(),
  customer_id: z.string(),
  topic: PassageTopic,
  title: z.string(),
  text: z.string(),
});
export type ContractPassage = z.infer<typeof ContractPassage>;
