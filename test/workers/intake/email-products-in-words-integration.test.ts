import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OrderView } from "../../../src/shared/order-view";
import { api, freshPo, TOKENS } from "../../fixtures/api";
import { readJson } from "../../fixtures/responses";

const postEmail = (body: string, subject: string) =>
  api("/v1/orders/email", {
    method: "POST",
    token: TOKENS.ops,
    json: { from: "Pat Buyer <purchasing@acme-industrial.example>", subject, body },
  });

const ORDER_IN_WORDS = [
  "Hello,",
  "please ship 60 of the 4-inch valve assemblies.",
  '3" SS bearing x 20',
  "PRV 1in 600psi brass, qty 4",
  "VLV-BL-4IN-SS316-300 - 2 pcs",
  "6205.2RS x 100",
  "Thanks, Pat",
].join("\n");

describe("POST /v1/orders/email: products named in words", () => {
  it("becomes the right order lines, and the order records which phrase became which SKU for operations only", async () => {
    const po = freshPo();
    const res = await postEmail(ORDER_IN_WORDS, `Order ${po}`);
    const view = await readJson<OrderView>(res, 202);
    expect(view.lines.map((l) => [l.sku, l.qty])).toEqual([
      ["SKU-4892", 60],
      ["SKU-7211", 20],
      ["PRV-1IN-600PSI-BRS", 4],
      ["VLV-BL-4IN-SS316-300", 2],
      ["BRG-6205-2RS", 100],
    ]);
    const ops = await readJson<OrderView & { source?: { product_resolutions?: unknown[] } }>(
      await api(`/v1/orders/${po}`, { token: TOKENS.ops }),
      200,
    );
    expect(ops.source?.product_resolutions).toEqual([
      expect.objectContaining({
        line: 0,
        phrase: "4-inch valve assemblies",
        sku: "SKU-4892",
        confidence: expect.any(Number),
      }),
      expect.objectContaining({ line: 1, phrase: '3" SS bearing', sku: "SKU-7211" }),
      expect.objectContaining({ line: 2, phrase: "PRV 1in 600psi brass", sku: "PRV-1IN-600PSI-BRS" }),
      expect.objectContaining({ line: 3, phrase: "VLV-BL-4IN-SS316-300", sku: "VLV-BL-4IN-SS316-300", confidence: 1 }),
      expect.objectContaining({ line: 4, phrase: "6205.2RS", sku: "BRG-6205-2RS", confidence: 1 }),
    ]);
    const customer = await api(`/v1/orders/${po}?customer_id=CUST-001`, { token: TOKENS.acme });
    const shown = await customer.text();
    expect(customer.status).toBe(200);
    expect(shown).not.toContain("product_resolutions");
    expect(shown).not.toContain("confidence");
  });

  it("asks a person when the words fit several parts, listing the candidates for operations only", async () => {
    const po = freshPo();
    const res = await postEmail(
      `Please send 10 x 2in ball valve\n50 x SKU-4892\nPRV 600psi, qty 4\nRegards, Pat`,
      `PO ${po}`,
    );
    const answer = await readJson<{ status: string; escalation_id: string; gaps: string[]; reason: string }>(res, 202);
    expect(answer).toMatchObject({ status: "escalated", gaps: ["line_items[1].sku", "line_items[2].sku"] });
    expect(answer.reason).toBe('not sure which catalog part is meant by "2in ball valve", "PRV 600psi"');
    const row = await env.DB.prepare("SELECT reason, proposed_resolution FROM escalations WHERE escalation_id = ?")
      .bind(answer.escalation_id)
      .first<{ reason: string; proposed_resolution: string }>();
    // The person deciding reads the parts that fit in the escalation's reason; the sender's answer names none.
    expect(row?.reason).toMatch(/candidates "2in ball valve": [A-Z0-9-/.]+(, [A-Z0-9-/.]+)+; "PRV 600psi": .*SKU-9010/);
    expect(answer.reason).not.toContain("SKU-9010");
    const proposed = JSON.parse(row?.proposed_resolution ?? "{}") as {
      partial: { line_items: unknown[] };
      product_candidates: { phrase: string; sku: null; candidates: { sku: string }[] }[];
    };
    expect(proposed.partial.line_items).toEqual([
      { sku: "SKU-4892", qty: 50 },
      { phrase: "2in ball valve", qty: 10 },
      { phrase: "PRV 600psi", qty: 4 },
    ]);
    const [valves, prvs] = proposed.product_candidates;
    expect(valves).toMatchObject({ phrase: "2in ball valve", sku: null });
    expect(valves?.candidates.length).toBeGreaterThan(1);
    expect(valves?.candidates.every((c) => c.sku.includes("2IN"))).toBe(true);
    // The seed part and the sized 600 PSI valves fit equally: which one is a person's call.
    expect(prvs?.candidates.map((c) => c.sku)).toContain("SKU-9010");
    expect(prvs?.candidates.every((c) => c.sku === "SKU-9010" || c.sku.includes("600PSI"))).toBe(true);
    expect(await api(`/v1/orders/${po}`, { token: TOKENS.ops }).then((r) => r.status)).toBe(404);
  });
});
