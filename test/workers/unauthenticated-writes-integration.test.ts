import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, TOKENS } from "../fixtures/api";
import { signedHeaders } from "../fixtures/webhooks";

/** Rows of the tables a request could write to. */
async function rowCounts() {
  const [spans, audit, webhooks, keys] = await Promise.all(
    ["spans", "audit_log", "webhook_ids", "idempotency_keys"].map((t) =>
      env.DB.prepare(`SELECT count(*) AS n FROM ${t}`).first<{ n: number }>(),
    ),
  );
  return { spans: spans!.n, audit: audit!.n, webhook_ids: webhooks!.n, idempotency_keys: keys!.n };
}

/** Spans are written after the answer (waitUntil): give them the time they would take. */
const settle = () => new Promise((r) => setTimeout(r, 300));

describe("unauthenticated requests cannot grow D1", () => {
  it("a burst of 100 anonymous, bad-token, bad-signature and unknown-path requests writes no row", async () => {
    await settle();
    const before = await rowCounts();
    const body = JSON.stringify({
      type: "quality.hold",
      po_number: "PO-2024-1234",
      occurred_at: "2026-11-20",
      data: { sku: "SKU-4892", lot: "L1", reason: "x" },
    });
    const forged = signedHeaders("whsec_Zm9yZ2VkLXNlY3JldC1mb3JnZWQtc2VjcmV0LTMyIQ==", body);
    const requests = Array.from({ length: 20 }, (_, i) => [
      api("/v1/orders", { method: "POST", json: { po_number: `PO-2026-${100000 + i}` } }),
      api("/v1/orders", { token: `not-a-token-${i}` }),
      api("/v1/webhooks/erp", { method: "POST", headers: forged, body }),
      api("/v1/health"),
      api(`/v1/no-such-path-${i}`),
    ]).flat();
    const answers = await Promise.all(requests);
    expect(answers.filter((r) => r.status === 401)).toHaveLength(60);
    for (const r of answers) expect(r.headers.get("x-trace-id")).toMatch(/^[0-9a-f]{32}$/);
    await settle();
    expect(await rowCounts()).toEqual(before);
  });

  it("an authenticated request is still traced", async () => {
    const res = await api("/v1/orders", { token: TOKENS.ops });
    expect(res.status).toBe(200);
    const traceId = res.headers.get("x-trace-id")!;
    let stored = 0;
    for (let i = 0; i < 40 && stored === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      stored = (await env.DB.prepare("SELECT count(*) AS n FROM spans WHERE trace_id = ?")
        .bind(traceId)
        .first<{ n: number }>())!.n;
    }
    expect(stored).toBeGreaterThan(0);
  });
});
