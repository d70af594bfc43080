import { z } from "zod";

/** A catalog item (seed `catalog.json`). */
export const CatalogItem = z.object({
  sku: z.string(),
  description: z.string(),
  list_price: z.number().nonnegative(),
  lead_time_days: z.number().int().nonnegative(),
  notes: z.string().default(""),
});
export type CatalogItem = z.infer<typeof CatalogItem>;

/** One price tier of a contract: `[min_qty, max_qty]` inclusive, `null` max is open-ended. */
export const PricingTier = z.object({
  sku: z.string(),
  min_qty: z.number().int().positive(),
  max_qty: z.number().int().positive().nullable(),
  price: z.number().nonnegative(),
});
export type PricingTier = z.infer<typeof PricingTier>;

/** Service levels promised by a contract. */
export const Sla = z.object({
  delivery_window_days: z.number().int().positive(),
  response_time_hours: z.number().positive(),
});
export type Sla = z.infer<typeof Sla>;

/**
 * One version of a customer contract (seed `contracts.json`): versions share `contract_id` and are
 * in force from `effective_from` to `effective_to`, inclusive ISO dates, open when absent.
 */
export const Contract = z.object({
  contract_id: z.string(),
  customer_id: z.string(),
  customer: z.string(),
  pricing_tiers: z.array(PricingTier),
  payment_terms: z.string(),
  sla: Sla,
  effective_from: z.iso.date().nullable().default(null),
  effective_to: z.iso.date().nullable().default(null),
});
export type Contract = z.infer<typeof Contract>;

/** A customer (seed `customers.json`). */
export const Customer = z.object({
  customer_id: z.string(),
  name: z.string(),
  tier: z.string(),
  contact_email: z.string(),
  edi_sender_id: z.string().nullable().default(null),
  allow_partial_shipment: z.boolean(),
});
export type Customer = z.infer<typeof Customer>;

/** Stock of one SKU at one warehouse; `available` is on hand less reservations. */
export const StockLevel = z.object({
  sku: z.string(),
  warehouse: z.string(),
  on_hand: z.number().int().nonnegative(),
  available: z.number().int(),
  supplier_eta: z.iso.date().nullable(),
});
export type StockLevel = z.infer<typeof StockLevel>;

/** A carrier with its transit time and hubs (seed `carriers.json`). */
export const Carrier = z.object({
  carrier: z.string(),
  transit_days: z.number().int().positive(),
  hubs: z.array(z.string()),
});
export type Carrier = z.infer<typeof Carrier>;
