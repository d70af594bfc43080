import { z } from "zod";
import { ExceptionType } from "./exception.schema";
import { CUSTOMER_ID, SKU, SKU_MESSAGE } from "./purchase-order.schema";

/**
 * The items of the admin import kinds (DESIGN §13): the fields of the seed data files, strict
 * (a misspelt field is an error, not silently dropped) and bounded, since they come from outside.
 */

const sku = z.string().regex(SKU, { message: SKU_MESSAGE });
const customerId = z.string().regex(CUSTOMER_ID, { message: 'must match "CUST-" and 3 or more digits' });
const name = z.string().trim().min(1).max(200);
/** An X12 interchange id (ISA06/ISA08 are AN 15). */
const isaId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,14}$/, { message: "must be 1 to 15 letters, digits and space . _ -" });

/** A catalog part (seed `catalog.json`); `sku` is the supplier's own part number. */
export const CatalogImportItem = z.strictObject({
  sku,
  description: z.string().min(1).max(2_000),
  list_price: z.number().finite().nonnegative(),
  lead_time_days: z.number().int().nonnegative().max(3_650),
  notes: z.string().max(10_000).default(""),
});
export type CatalogImportItem = z.infer<typeof CatalogImportItem>;

/** A customer (seed `customers.json`). */
export const CustomerImportItem = z.strictObject({
  customer_id: customerId,
  name,
  tier: z.string().trim().min(1).max(50),
  contact_email: z.email().max(254),
  edi_sender_id: isaId.nullable().default(null),
  allow_partial_shipment: z.boolean(),
});
export type CustomerImportItem = z.infer<typeof CustomerImportItem>;

/**
 * A stock level of one SKU at one warehouse as of a time (seed `inventory.json`), as the ERP's
 * `inventory.updated` sets it: `as_of` left out is when it is imported, `null` a time unknown
 * (the seed's: any dated level supersedes it); `supplier_eta` left out keeps the ETA held.
 */
export const InventoryImportItem = z.strictObject({
  sku,
  warehouse: name,
  on_hand: z.number().int().nonnegative(),
  supplier_eta: z.iso.date().nullable().optional(),
  as_of: z.iso.datetime({ offset: true }).nullable().optional(),
});
export type InventoryImportItem = z.infer<typeof InventoryImportItem>;

/** A carrier with its transit time and hubs (seed `carriers.json`). */
export const CarrierImportItem = z.strictObject({
  carrier: z.string().trim().min(1).max(64),
  transit_days: z.number().int().positive().max(365),
  hubs: z.array(name).max(200),
});
export type CarrierImportItem = z.infer<typeof CarrierImportItem>;

/** An EDI trading partner (DESIGN §13): its interchange id and the documents it wants back. */
export const TradingPartnerImportItem = z.strictObject({
  partner_id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: "must be 1 to 64 letters, digits and . _ -" }),
  customer_id: customerId,
  isa_qualifier: z
    .string()
    .regex(/^[A-Za-z0-9]{2}$/, { message: "must be 2 letters or digits (ISA05)" })
    .default("ZZ"),
  isa_id: isaId,
  documents: z
    .array(z.string().regex(/^\d{3}$/, { message: "must be an X12 transaction set (3 digits, e.g. 855)" }))
    .max(20)
    .default(["855", "856", "810"]),
});
export type TradingPartnerImportItem = z.infer<typeof TradingPartnerImportItem>;

/** A procedural rule (seed `procedural-rules.json`) and whether it is in force. */
export const RuleImportItem = z.strictObject({
  rule_id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: "must be 1 to 64 letters, digits and . _ -" }),
  confidence: z.number().min(0).max(1),
  scope: z.strictObject({
    exception_type: ExceptionType,
    carrier: z.string().min(1).max(64).nullable().default(null),
    hub: z.string().min(1).max(200).nullable().default(null),
    months: z.array(z.number().int().min(1).max(12)).max(12).nullable().default(null),
  }),
  rule: z.string().min(1).max(2_000),
  action: z.object({ notify_within_hours: z.number().positive().optional() }).catchall(z.unknown()),
  created_from_episodes: z.array(z.string().max(64)).max(1_000).default([]),
  enabled: z.boolean().default(true),
});
export type RuleImportItem = z.infer<typeof RuleImportItem>;
