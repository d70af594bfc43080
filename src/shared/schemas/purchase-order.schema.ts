import { z } from "zod";

/** Identifier patterns of DESIGN §5.1; ASCII only, so homoglyphs and control characters fail. */
/** The buyer's PO number: 1 to 22 characters (X12 BEG03 is AN 1/22) of letters, digits and - _ . /, starting with a letter or digit. */
export const PO_NUMBER = /^[A-Za-z0-9][A-Za-z0-9\-_./]{0,21}$/;
/** What a PO number that fails `PO_NUMBER` is told. */
export const PO_NUMBER_MESSAGE = "must be 1 to 22 letters, digits and - _ . / starting with a letter or digit";
/** A rejected PO's `customer_id` is kept, but no longer than this. */
export const RECORDED_CUSTOMER_ID_MAX = 40;
export const CUSTOMER_ID = /^CUST-\d{3,}$/;
/**
 * The supplier's part number (DESIGN §5.1): 1 to 48 letters, digits and - _ . /, starting with a
 * letter or digit and never `..` (a path); the seed catalog's are "SKU-" and 4 digits.
 */
export const SKU = /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9\-_./]{0,47}$/;
/** What a part number that fails `SKU` is told. */
export const SKU_MESSAGE = "must be 1 to 48 letters, digits and - _ . / starting with a letter or digit";

const isoDate = z.iso.date({ message: "must be an ISO date (YYYY-MM-DD)" });

/** One line of a purchase order as the buyer sent it. */
export const PurchaseOrderLine = z.strictObject({
  sku: z.string().regex(SKU, { message: SKU_MESSAGE }),
  qty: z
    .number({ message: "must be a number" })
    .int({ message: "must be a whole number" })
    .positive({ message: "must be greater than 0" }),
  unit_price: z.number().finite().nonnegative({ message: "must be 0 or more" }).optional(),
  description: z.string().max(500).optional(),
});
export type PurchaseOrderLine = z.infer<typeof PurchaseOrderLine>;

/** The purchase order every channel is mapped to (DESIGN §5.1). */
export const PurchaseOrder = z.strictObject({
  po_number: z.string().regex(PO_NUMBER, { message: PO_NUMBER_MESSAGE }),
  customer_id: z.string().regex(CUSTOMER_ID, { message: 'must match "CUST-" and 3 or more digits' }),
  line_items: z.array(PurchaseOrderLine).min(1, { message: "needs at least one line item" }).max(500),
  order_date: isoDate.optional(),
  requested_delivery_date: isoDate.optional(),
  allow_partial_shipment: z.boolean().optional(),
  priority: z.enum(["standard", "expedite"]).optional(),
  notes: z.string().max(10_000).optional(),
});
export type PurchaseOrder = z.infer<typeof PurchaseOrder>;

/** The channels a PO can arrive by. */
export const Channel = z.enum(["portal", "edi", "email"]);
export type Channel = z.infer<typeof Channel>;

/**
 * A PO as recorded on its order, valid or not: a rejected PO keeps what it said, with the
 * fields that broke the rules coerced to something storable, so the audit trail is whole.
 */
export const RecordedPurchaseOrder = z.object({
  po_number: z.string(),
  customer_id: z.string(),
  line_items: z.array(
    z.object({
      sku: z.string(),
      qty: z.number(),
      unit_price: z.number().optional(),
      description: z.string().optional(),
    }),
  ),
  order_date: z.string().optional(),
  requested_delivery_date: z.string().optional(),
  allow_partial_shipment: z.boolean().optional(),
  priority: z.enum(["standard", "expedite"]).optional(),
  notes: z.string().optional(),
});
export type RecordedPurchaseOrder = z.infer<typeof RecordedPurchaseOrder>;

const asString = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? "" : JSON.stringify(v));
const asNumber = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);

/** Best-effort record of a PO body that failed validation; null without a usable PO number. */
export function recordablePurchaseOrder(body: unknown): RecordedPurchaseOrder | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
  const o = body as Record<string, unknown>;
  if (typeof o.po_number !== "string" || !PO_NUMBER.test(o.po_number)) return null;
  const lines = Array.isArray(o.line_items) ? o.line_items : [];
  return {
    po_number: o.po_number,
    customer_id: asString(o.customer_id).slice(0, RECORDED_CUSTOMER_ID_MAX),
    line_items: lines.slice(0, 500).map((raw) => {
      const l = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
      return {
        sku: asString(l.sku).slice(0, 64),
        qty: asNumber(l.qty),
        ...(typeof l.unit_price === "number" ? { unit_price: asNumber(l.unit_price) } : {}),
        ...(typeof l.description === "string" ? { description: l.description.slice(0, 500) } : {}),
      };
    }),
    ...(typeof o.order_date === "string" ? { order_date: o.order_date.slice(0, 32) } : {}),
  };
}
