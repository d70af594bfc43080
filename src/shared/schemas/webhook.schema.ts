import { z } from "zod";
import { OrderStatus } from "../order-lifecycle";
import { CUSTOMER_ID, PO_NUMBER, PO_NUMBER_MESSAGE, SKU } from "./purchase-order.schema";

const timestamp = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" });
const date = z.union([z.iso.date(), timestamp]);
const poNumber = z.string().regex(PO_NUMBER, { message: PO_NUMBER_MESSAGE });
/** Names the order's customer where several customers use the same PO number (DESIGN §4). */
const customerId = z.string().regex(CUSTOMER_ID, { message: 'must match "CUST-" and 3 or more digits' });
const sku = z.string().regex(SKU, { message: 'must match "SKU-" and 4 digits' });
const identifier = z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, { message: "must be letters, digits and . _ : -" });
const freeText = z.string().max(2_000);

/** ERP events (DESIGN §5.3), one schema per type. */
export const ErpEvent = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("order.status_changed"),
    po_number: poNumber,
    customer_id: customerId.optional(),
    occurred_at: timestamp,
    data: z.strictObject({ status: OrderStatus, reason: freeText.optional() }),
  }),
  z.strictObject({
    type: z.literal("shipment.dispatched"),
    po_number: poNumber,
    customer_id: customerId.optional(),
    occurred_at: timestamp,
    data: z.strictObject({ shipment_id: identifier.optional(), carrier: identifier, tracking: identifier, shipped_at: timestamp }),
  }),
  z.strictObject({
    type: z.literal("invoice.issued"),
    po_number: poNumber,
    customer_id: customerId.optional(),
    occurred_at: timestamp,
    data: z.strictObject({
      invoice_id: identifier,
      lines: z.array(z.strictObject({ sku, qty: z.number().int().positive(), unit_price: z.number().finite().nonnegative() })).min(1).max(500),
    }),
  }),
  z.strictObject({
    type: z.literal("quality.hold"),
    po_number: poNumber,
    customer_id: customerId.optional(),
    occurred_at: timestamp,
    data: z.strictObject({ sku, lot: identifier, reason: freeText }),
  }),
  z.strictObject({
    type: z.literal("inventory.updated"),
    po_number: poNumber.nullable().optional(),
    occurred_at: timestamp,
    data: z.strictObject({ sku, warehouse: z.string().min(1).max(100), on_hand: z.number().int().nonnegative(), supplier_eta: z.iso.date().nullable().optional() }),
  }),
  z.strictObject({
    type: z.literal("exception.reported"),
    po_number: poNumber,
    customer_id: customerId.optional(),
    occurred_at: timestamp,
    data: z.strictObject({ kind: z.string().min(1).max(100), detail: freeText.optional() }),
  }),
]);
export type ErpEvent = z.infer<typeof ErpEvent>;

/** The ERP events that belong to one order (stock updates do not). */
export const ErpEventForOrder = ErpEvent.refine((e) => e.type !== "inventory.updated", { message: "inventory.updated is not an order event" }).transform(
  (e) => e as Exclude<ErpEvent, { type: "inventory.updated" }>,
);

export const CarrierStatus = z.enum(["picked_up", "in_transit", "weather_delay", "delay", "exception", "out_for_delivery", "delivered"]);
export type CarrierStatus = z.infer<typeof CarrierStatus>;

/** A carrier tracking event (DESIGN §5.3). */
export const CarrierEvent = z.strictObject({
  tracking: identifier,
  carrier: identifier,
  status: CarrierStatus,
  location: z.string().max(200).default(""),
  occurred_at: timestamp,
  estimated_delivery: date.optional(),
  detail: freeText.optional(),
});
export type CarrierEvent = z.infer<typeof CarrierEvent>;
