import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OrderObject } from "../../../../src/durable-objects/order.do";
import { enqueueOutbox } from "../../../../src/durable-objects/order-store";
import { outboundDocumentsDue } from "../../../../src/shared/edi/outbound/documents-due";
import type { OutboundDue } from "../../../../src/shared/edi/outbound/outbound-document";
import { sendOutbound } from "../../../../src/shared/edi/outbound/send-outbound";
import { orderKey } from "../../../../src/shared/order-key";
import type { OrderView } from "../../../../src/shared/order-view";
import type { OrderEvent } from "../../../../src/shared/schemas/order-event.schema";
import { freshPo, waitForSettled } from "../../../fixtures/api";
import { documentsOf, partner850, postEdiExpect } from "../../../fixtures/edi/outbound";

const due = (po: string, seq: number): OutboundDue => ({
  customer_id: "CUST-003",
  po_number: po,
  event_seq: seq,
  sender_id: "CONSOLMFG",
  document: {
    type: "810",
    po_number: po,
    po_date: "2024-09-15",
    invoice_id: `INV-${seq}`,
    invoice_date: "2024-09-20",
    lines: [{ sku: "SKU-9010", qty: 1, unit_price: 215 }],
  },
});

async function storedControlNumbers(po: string): Promise<number[]> {
  const { results } = await env.DB.prepare(
    "SELECT control_number FROM edi_outbound WHERE po_number = ? AND x12 IS NOT NULL ORDER BY control_number",
  )
    .bind(po)
    .all<{ control_number: number }>();
  return results.map((r) => r.control_number);
}

describe("sendOutbound: one document per (order, event, type), numbered without gaps or duplicates", () => {
  it("concurrent documents for one partner take consecutive, distinct control numbers", async () => {
    const po = freshPo();
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => sendOutbound(env, due(po, i + 1))));
    const numbers = outcomes.map((o) => (o.sent ? o.control_number : -1)).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(12);
    expect(numbers.at(-1)! - numbers[0]!).toBe(11);
    expect(await storedControlNumbers(po)).toEqual(numbers);
  });

  it("the same document sent again, even at once, is one row with one number and one audit row", async () => {
    const po = freshPo();
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => sendOutbound(env, due(po, 1))));
    expect(new Set(outcomes.map((o) => (o.sent ? o.id : null))).size).toBe(1);
    expect(await storedControlNumbers(po)).toHaveLength(1);
    const next = await sendOutbound(env, due(po, 2));
    // No number was used up by the repeats.
    expect(next.sent && outcomes[0]?.sent && next.control_number - outcomes[0].control_number).toBe(1);
    const audit = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM audit_log WHERE kind = 'edi.outbound' AND po_number = ?",
    )
      .bind(po)
      .first<{ n: number }>();
    expect(audit?.n).toBe(2);
  });

  it("a customer that is no trading partner gets nothing", async () => {
    const outcome = await sendOutbound(env, { ...due(freshPo(), 1), customer_id: "CUST-404", sender_id: null });
    expect(outcome).toEqual({ sent: false, reason: "not a trading partner" });
  });

  it("the OrderObject's outbox re-run for every event (a redelivery, an alarm again) makes no second document", async () => {
    const po = freshPo();
    await postEdiExpect(partner850("CONSOLMFG", po, [["SKU-9010", 3, 215]]), 202);
    await waitForSettled(po);
    const before = await documentsOf(po, 1);
    expect(before.map((d) => d.type)).toEqual(["855"]);

    await runInDurableObject(env.ORDER.getByName(orderKey("CUST-003", po)), async (instance: OrderObject, state) => {
      const live = instance as unknown as { view: OrderView; events: OrderEvent[] };
      for (const again of outboundDocumentsDue(live.view, [], live.events)) {
        const id = `edi:${again.event_seq}:${again.document.type}` as const;
        enqueueOutbox(state.storage.sql, { id, kind: "edi", body: again }, Date.now());
      }
      await instance.alarm();
    });
    expect(await documentsOf(po, 2, 500)).toEqual(before);
  });
});
