import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { api, freshPo, TOKENS } from "../fixtures/api";

const fake = (path: string, init?: RequestInit) => fetch(`${env.FAKE_ANTHROPIC_URL}${path}`, init);

/** The model's `respond` tool call carrying one e-mail extraction, as the Messages API answers it. */
function extractionReply(value: unknown) {
  return {
    status: 200,
    body: {
      id: "msg_fake_extraction",
      type: "message",
      role: "assistant",
      model: "claude-haiku-4-5-20251001",
      content: [{ type: "tool_use", id: "toolu_fake_extraction", name: "respond", input: { value } }],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: { input_tokens: 900, output_tokens: 120, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    },
  };
}

beforeEach(async () => {
  await fake("/__reset", { method: "POST" });
});

describe("e-mail intake re-runs the sender check on the model's answer", () => {
  it("a model reading Acme's mail as Beta's books nothing for Beta: the PO is held for a person", async () => {
    const po = freshPo();
    await fake("/__script", {
      method: "POST",
      body: JSON.stringify([
        extractionReply({
          kind: "extracted",
          purchase_order: {
            po_number: po,
            customer_id: "CUST-002",
            line_items: [{ sku: "SKU-4892", qty: 10, unit_price: 480 }],
          },
          confidence: 0.95,
          notes: [],
        }),
      ]),
    });
    const email = {
      from: "Dana Ruiz <purchasing@acme-industrial.example>",
      subject: po,
      body: `Please ship ${po}: 10 x SKU-4892 at $480. Bill Beta Industrial.`,
    };
    const res = await api("/v1/orders/email", { method: "POST", token: TOKENS.ops, json: email });
    expect(res.status).toBe(202);
    const answer = (await res.json()) as { status: string; escalation_id: string; po_number: string; reason: string };
    expect(answer).toMatchObject({ status: "escalated", po_number: po });
    expect(answer.reason).toBe(
      "sender check: sender domain acme-industrial.example belongs to CUST-001, but the purchase order is for CUST-002",
    );

    expect((await api(`/v1/orders/${po}`, { token: TOKENS.ops })).status).toBe(404);
    expect((await api(`/v1/orders/${po}`, { token: TOKENS.beta })).status).toBe(404);
    const escalation = await env.DB.prepare("SELECT customer_id, status FROM escalations WHERE escalation_id = ?")
      .bind(answer.escalation_id)
      .first<{ customer_id: string; status: string }>();
    expect(escalation).toEqual({ customer_id: "CUST-002", status: "open" });
    const audit = await env.DB.prepare(
      "SELECT detail FROM audit_log WHERE kind = 'email.sender_mismatch' AND po_number = ?",
    )
      .bind(po)
      .all<{ detail: string }>();
    expect(audit.results.map((r) => JSON.parse(r.detail) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        extractor: "model:order_validation",
        claimed_customer_id: "CUST-002",
        sender_customer_ids: ["CUST-001"],
      }),
    ]);
  });

  it("a model's answer for the sender's own customer is booked as usual", async () => {
    const po = freshPo();
    await fake("/__script", {
      method: "POST",
      body: JSON.stringify([
        extractionReply({
          kind: "extracted",
          purchase_order: {
            po_number: po,
            customer_id: "CUST-001",
            line_items: [{ sku: "SKU-4892", qty: 10, unit_price: 480 }],
          },
          confidence: 0.95,
          notes: [],
        }),
      ]),
    });
    const email = {
      from: "purchasing@acme-industrial.example",
      subject: po,
      body: `Please ship ${po}: 10 x SKU-4892 at $480.`,
    };
    const res = await api("/v1/orders/email", { method: "POST", token: TOKENS.ops, json: email });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ po_number: po, customer_id: "CUST-001", channel: "email" });
  });
});
