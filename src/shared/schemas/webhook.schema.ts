import { z } from "zod";
import { OrderStatus } from "../order-lifecycle";
import { CUSTOMER_ID, PO_NUMBER, PO_NUMBER_MESSAGE, SKU, SKU_MESSAGE } from "./purchase-order.schema";

/**
 * A time or date as ERPs and carriers send it (DESIGN §5.3): an ISO 8601 date-time with an
 * offset, with `Z`, with none (read as UTC), or a date alone (00:00 UTC that day). A UTC (`Z`)
 * value passes as sent so stored events keep their text; any other is normalised to its UTC
 * instant (`toISOString`), so `slice(0, 10)` is always the UTC day. Compare with `Date.parse`.
 */
export const PartnerTime = z
  .union([z.iso.datetime({ offset: true, local: true }), z.iso.date()], {
    message: "must be an ISO 8601 date-time or date (YYYY-MM-DD)",
  })
  .transform((value, ctx) => {
    if (value.endsWith("Z")) return value;
    const hasOffset = /[+-]\d{2}(?::?\d{2})?$/.test(value.slice(10));
    const instant = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : hasOffset ? value : `${value}Z`);
    if (Number.isNaN(instant)) {
      ctx.addIssue({ code: "custom", message: "must be a real ISO 8601 date-time or date" });
      return z.NEVER;
    }
    return new Date(instant).toISOString();
  });

/** A calendar date from a partner: any `PartnerTime`, kept as its UTC day (`YYYY-MM-DD`). */
export const PartnerDate = PartnerTime.transform((instant) => instant.slice(0, 10));
const poNumber = z.string().regex(PO_NUMBER, { message: PO_NUMBER_MESSAGE });
/** Names the order's customer where several customers use the same PO number (DESIGN §4). */
const customerId = z.string().regex(CUSTOMER_ID, { message: 'must match "CUST-" and 3 or more digits' });
const sku = z.string().regex(SKU, { message: SKU_MESSAGE });
const identifier = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, { message: "must be letters, digits and . _ : -" });
const freeText = z.string().max(2_000);

/** ERP events (DESIGN §5.3), one schema per type. */
export const ErpEvent = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("order.status_changed"),
    po_number: poNumber,
    customer_id: customerId.optional(),
    occurred_at: PartnerTime,
    data: z.strictObject({ status: OrderStatus, reason: freeText.optional() }),
  }),
  z.strictObject({
    type: z.literal("shipment.dispatched"),
    po_number: poNumber,
    customer_id: customerId.optional(),
    occurred_at: PartnerTime,
    data: z.strictObject({
      shipment_id: identifier.optional(),
      carrier: identifier,
      tracking: identifier,
      shipped_at: PartnerTime,
    }),
  }),
  z.strictObject({
    type: z.literal("invoice.issued"),
    po_number: poNumber,
    customer_id: customerId.optional(),
    occurred_at: PartnerTime,
    data: z.strictObject({
      invoice_id: identifier,
      lines: z
        .array(z.strictObject({ sku, qty: z.number().int().positive(), unit_price: z.number().finite().nonnegative() }))
        .min(1)
        .max(500),
    }),
  }),
  z.strictObject({
    type: z.literal("quality.hold"),
    po_number: poNumber,
    customer_id: customerId.optional(),
    occurred_at: PartnerTime,
    data: z.strictObject({ sku, lot: identifier, reason: freeText }),
  }),
  z.strictObject({
    type: z.literal("inventory.updated"),
    po_number: poNumber.nullable().optional(),
    occurred_at: PartnerTime,
    data: z.strictObject({
      sku,
      warehouse: z.string().min(1).max(100),
      on_hand: z.number().int().nonnegative(),
      supplier_eta: PartnerDate.nullable().optional(),
    }),
  }),
  z.strictObject({
    type: z.literal("exception.reported"),
    po_number: poNumber,
    customer_id: customerId.optional(),
    occurred_at: PartnerTime,
    data: z.strictObject({ kind: z.string().min(1).max(100), detail: freeText.optional() }),
  }),
]);
export type ErpEvent = z.infer<typeof ErpEvent>;

/** The ERP events that belong to one order (stock updates do not). */
export const ErpEventForOrder = ErpEvent.refine((e) => e.type !== "inventory.updated", {
  message: "inventory.updated is not an order event",
}).transform((e) => e as Exclude<ErpEvent, { type: "inventory.updated" }>);

export const CarrierStatus = z.enum([
  "picked_up",
  "in_transit",
  "weather_delay",
  "delay",
  "exception",
  "out_for_delivery",
  "delivered",
]);
export type CarrierStatus = z.infer<typeof CarrierStatus>;

/** A carrier tracking event (DESIGN §5.3). */
export const CarrierEvent = z.strictObject({
  tracking: identifier,
  carrier: identifier,
  status: CarrierStatus,
  location: z.string().max(200).default(""),
  occurred_at: PartnerTime,
  estimated_delivery: PartnerTime.optional(),
  detail: freeText.optional(),
});
export type CarrierEvent = z.infer<typeof CarrierEvent>;
