import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { Metrics } from "../../../src/shared/schemas/metrics.schema";
import { api, TOKENS } from "../../fixtures/api";

const openEscalations = async (): Promise<number> => {
  const res = await api("/v1/metrics?window=1h", { token: TOKENS.ops });
  expect(res.status).toBe(200);
  return Metrics.parse(await res.json()).escalation.open;
};

const openEscalation = (id: string) =>
  env.DB.prepare(
    "INSERT INTO escalations (escalation_id, po_number, customer_id, reason, status, created_at) VALUES (?, 'PO-COLLAPSE', 'CUST-001', 'collapsed reads', 'open', ?)",
  )
    .bind(id, new Date().toISOString())
    .run();

describe("GET /v1/metrics under concurrent requests (collapsed reads)", () => {
  it("answers every request from a read that started after it arrived: a write committed before it is always seen", async () => {
    const before = await openEscalations();
    for (let round = 1; round <= 5; round++) {
      // Reads running, some of which began before the write below, when the checking request arrives.
      const running = Array.from({ length: 30 }, () => openEscalations());
      await openEscalation(`ESC-COLLAPSE-${round}`);
      expect(await openEscalations()).toBe(before + round);
      for (const seen of await Promise.all(running)) expect([before + round - 1, before + round]).toContain(seen);
    }
  });
});
