import { z } from "zod";

/** An order line as the view holds it once intake priced it. */
export const ViewLine = z.object({
  sku: z.string(),
  description: z.string(),
  qty: z.number().int(),
  unit_price: z.number(),
  contract_price: z.number().nullable(),
  list_price: z.number().nullable(),
  qty_shipped: z.number().int(),
});
export type ViewLine = z.infer<typeof ViewLine>;

export const Shipment = z.object({
  shipment_id: z.string(),
  warehouse: z.string(),
  lines: z.array(z.object({ sku: z.string(), qty: z.number().int() })),
  carrier: z.string().nullable(),
  tracking: z.string().nullable(),
  status: z.enum(["planned", "awaiting-stock", "shipped", "delivered", "cancelled"]),
  ship_date: z.string().nullable(),
  eta: z.string().nullable(),
  /** The carrier's latest word on it, from tracking events. */
  carrier_status: z.string().optional(),
  location: z.string().optional(),
  /** When the latest carrier event applied to it happened: older ones are stale (DESIGN §5.3). */
  carrier_event_at: z.string().optional(),
});
export type Shipment = z.infer<typeof Shipment>;

export const BackorderLine = z.object({
  sku: z.string(),
  qty: z.number().int(),
  supplier_eta: z.string().nullable(),
  eta: z.string(),
});
export type BackorderLine = z.infer<typeof BackorderLine>;
