import { z } from "zod";

/**
 * What each outbound document says, fixed when its event is stored (the order may move on
 * before the outbox sends it): the builders turn these into X12 and nothing else.
 */

/** An 855/865 line status (ACK01): accepted, backordered, quantity changed, rejected. */
export const LineStatus = z.enum(["IA", "IB", "IQ", "IR"]);
export type LineStatus = z.infer<typeof LineStatus>;

/** An 865 change type (POC02), answering the 860's own. */
export const ChangeType = z.enum(["AI", "DI", "QI", "QD", "PC", "CA"]);
export type ChangeType = z.infer<typeof ChangeType>;

const AckLine = z.object({
  sku: z.string(),
  /** The quantity ordered as it now stands (0 for a line removed or rejected). */
  qty: z.number(),
  unit_price: z.number(),
  /** One ACK per status, e.g. IA 6 and IB 4 for a line partly backordered. */
  acks: z.array(z.object({ status: LineStatus, qty: z.number() })).min(1),
  /** 865 only: how the line changed. */
  change: ChangeType.optional(),
  /** 865 only: the quantity before the change. */
  qty_before: z.number().optional(),
});
export type AckLine = z.infer<typeof AckLine>;

const OrderRef = { po_number: z.string(), po_date: z.string() };

/** 855 PO acknowledgment: BAK02 AD (as ordered), AC (with changes or backorders), RJ (refused). */
export const Ack855 = z.object({
  type: z.literal("855"),
  ...OrderRef,
  ack_type: z.enum(["AD", "AC", "RJ"]),
  lines: z.array(AckLine),
});

/** 865 PO change acknowledgment, answering an 860. */
export const Ack865 = z.object({
  type: z.literal("865"),
  ...OrderRef,
  ack_type: z.enum(["AC", "AT", "RJ"]),
  lines: z.array(AckLine),
});

/** 856 ship notice for one dispatched shipment. */
export const Asn856 = z.object({
  type: z.literal("856"),
  ...OrderRef,
  shipment_id: z.string(),
  carrier: z.string(),
  tracking: z.string(),
  shipped_at: z.string(),
  warehouse: z.string().nullable(),
  lines: z.array(z.object({ sku: z.string(), qty_ordered: z.number(), qty_shipped: z.number() })),
});

/** 810 invoice. */
export const Invoice810 = z.object({
  type: z.literal("810"),
  ...OrderRef,
  invoice_id: z.string(),
  invoice_date: z.string(),
  lines: z.array(z.object({ sku: z.string(), qty: z.number(), unit_price: z.number() })),
});

export const OutboundDocument = z.discriminatedUnion("type", [Ack855, Ack865, Asn856, Invoice810]);
export type OutboundDocument = z.infer<typeof OutboundDocument>;

/** A document an order's event calls for, as its outbox row carries it. */
export const OutboundDue = z.object({
  customer_id: z.string(),
  po_number: z.string(),
  /** The event that called for it: with `document.type`, the document's identity. */
  event_seq: z.number().int(),
  /** The ISA sender the order came from (its partner), when it came by EDI. */
  sender_id: z.string().nullable(),
  document: OutboundDocument,
});
export type OutboundDue = z.infer<typeof OutboundDue>;
