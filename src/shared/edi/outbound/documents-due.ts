import type { OrderView } from "../../order-view-model";
import type { AmendmentSource } from "../../schemas/amendment.schema";
import type { OrderEvent } from "../../schemas/order-event.schema";
import type { AckLine, LineStatus, OutboundDocument, OutboundDue } from "./outbound-document";

/**
 * Which X12 documents an order's new events call for (DESIGN §14), decided when they are stored.
 * Only orders that came by EDI get documents: a partner's portal or e-mail orders are answered
 * on their own channels. Whether the partner wants each type is decided when it is sent.
 */

type Data<K extends OrderEvent["type"]> = Extract<OrderEvent, { type: K }>["data"];

type Order = Pick<OrderView, "po_number" | "customer_id" | "order_date" | "lines" | "shipments" | "channel" | "source">;

const ack = (status: LineStatus, qty: number) => ({ status, qty });

/** The 855 of an order planned for the first time: each line accepted, backordered, or both in part. */
function accepted(order: Order, data: Data<"fulfillment.planned">): OutboundDocument {
  const lines: AckLine[] = order.lines.map((l) => {
    const backordered = Math.min(
      l.qty,
      data.backorders.filter((b) => b.sku === l.sku).reduce((sum, b) => sum + b.qty, 0),
    );
    const acks = [
      ...(l.qty - backordered > 0 ? [ack("IA", l.qty - backordered)] : []),
      ...(backordered > 0 ? [ack("IB", backordered)] : []),
    ];
    return { sku: l.sku, qty: l.qty, unit_price: l.unit_price, acks: acks.length ? acks : [ack("IA", l.qty)] };
  });
  const changed = lines.some((l) => l.acks.some((a) => a.status !== "IA"));
  return { type: "855", po_number: order.po_number, po_date: order.order_date, ack_type: changed ? "AC" : "AD", lines };
}

function refused(order: Order): OutboundDocument {
  const lines = order.lines.map((l) => ({
    sku: l.sku,
    qty: l.qty,
    unit_price: l.unit_price,
    acks: [ack("IR", l.qty)],
  }));
  return { type: "855", po_number: order.po_number, po_date: order.order_date, ack_type: "RJ", lines };
}

/**
 * An amendment's acknowledgment: an 865 when it came by 860, an 855 otherwise. Lines keep the
 * order's own order (PO1/POC numbers as the buyer knows them), lines not amended are IA, and
 * lines taken off the order follow.
 */
function amended(order: Order, source: AmendmentSource, amendedLines: AckLine[]): OutboundDocument {
  const bySku = new Map(amendedLines.map((l) => [l.sku, l]));
  const kept = order.lines.map(
    (l) => bySku.get(l.sku) ?? { sku: l.sku, qty: l.qty, unit_price: l.unit_price, acks: [ack("IA", l.qty)] },
  );
  const removed = amendedLines.filter((l) => !order.lines.some((o) => o.sku === l.sku));
  const lines = [...kept, ...removed];
  const ref = { po_number: order.po_number, po_date: order.order_date };
  return source.channel === "edi" && source.transaction_set === "860"
    ? { type: "865", ...ref, ack_type: "AC", lines }
    : { type: "855", ...ref, ack_type: "AC", lines };
}

function changed(order: Order, data: Data<"order.changed">): OutboundDocument {
  const lines: AckLine[] = data.changes.map((c) => {
    const change = c.qty_before === 0 ? "AI" : c.qty_after === 0 ? "DI" : c.qty_after > c.qty_before ? "QI" : "QD";
    const kind = c.qty_after === c.qty_before ? "PC" : change;
    const status =
      c.qty_after === 0
        ? ack("IR", c.qty_before)
        : ack(c.qty_before === c.qty_after || c.qty_before === 0 ? "IA" : "IQ", c.qty_after);
    return {
      sku: c.sku,
      qty: c.qty_after,
      // A price the change left unknown is the line's price in the order as it now stands, else as it was.
      unit_price:
        c.unit_price_after ?? order.lines.find((l) => l.sku === c.sku)?.unit_price ?? c.unit_price_before ?? 0,
      acks: [status],
      change: kind,
      qty_before: c.qty_before,
    };
  });
  return amended(order, data.source, lines);
}

/**
 * A cancellation's acknowledgment, in part or whole: each line cancelled IQ with what remains, or
 * IR (POC DI) when nothing does, so a whole cancellation (860 BCH01 01, 850 BEG01 01) is answered
 * with every line IR under BAK02/BCA02 AC.
 */
function cancelled(order: Order, data: Data<"order.cancelled">): OutboundDocument {
  const price = (sku: string) => order.lines.find((l) => l.sku === sku)?.unit_price ?? 0;
  const lines: AckLine[] = data.lines.map((l) => ({
    sku: l.sku,
    qty: l.qty_remaining,
    unit_price: price(l.sku),
    acks: [l.qty_remaining === 0 ? ack("IR", l.qty_cancelled) : ack("IQ", l.qty_remaining)],
    change: l.qty_remaining === 0 ? "DI" : "QD",
    qty_before: l.qty_remaining + l.qty_cancelled,
  }));
  return amended(order, data.source, lines);
}

function shipNotice(order: Order, data: Data<"shipment.dispatched">): OutboundDocument | null {
  const shipment = order.shipments.find((s) => s.shipment_id === data.shipment_id);
  if (!shipment) return null;
  const ordered = (sku: string) => order.lines.find((l) => l.sku === sku)?.qty ?? 0;
  return {
    type: "856",
    po_number: order.po_number,
    po_date: order.order_date,
    ...data,
    warehouse: shipment.warehouse,
    lines: shipment.lines.map((l) => ({ sku: l.sku, qty_ordered: ordered(l.sku), qty_shipped: l.qty })),
  };
}

function invoice(order: Order, data: Data<"invoice.recorded">): OutboundDocument {
  return {
    type: "810",
    po_number: order.po_number,
    po_date: order.order_date,
    invoice_id: data.invoice_id,
    invoice_date: data.occurred_at,
    lines: data.lines,
  };
}

function documentFor(order: Order, e: OrderEvent, planBefore: boolean): OutboundDocument | null {
  switch (e.type) {
    case "fulfillment.planned":
      // A re-plan after a change is answered by the change's own acknowledgment.
      return planBefore ? null : accepted(order, e.data);
    case "order.rejected":
      return refused(order);
    case "order.changed":
      return changed(order, e.data);
    case "order.cancelled":
      return cancelled(order, e.data);
    case "shipment.dispatched":
      return shipNotice(order, e.data);
    case "invoice.recorded":
      return invoice(order, e.data);
    default:
      return null;
  }
}

/** The documents `events` (just stored, after `prior`) call for, given the order's view after them. */
export function outboundDocumentsDue(
  order: Order,
  prior: readonly OrderEvent[],
  events: readonly OrderEvent[],
): OutboundDue[] {
  if (order.channel !== "edi") return [];
  const senderId = typeof order.source?.sender_id === "string" ? order.source.sender_id : null;
  let planBefore = prior.some((e) => e.type === "fulfillment.planned");
  const due: OutboundDue[] = [];
  for (const e of events) {
    const document = documentFor(order, e, planBefore);
    if (e.type === "fulfillment.planned") planBefore = true;
    if (document)
      due.push({
        customer_id: order.customer_id,
        po_number: order.po_number,
        event_seq: e.seq,
        sender_id: senderId,
        document,
      });
  }
  return due;
}
