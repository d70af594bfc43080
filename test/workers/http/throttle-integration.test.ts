import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { hashToken } from "../../../src/shared/db/principals-repository";
import { api, TOKENS } from "../../fixtures/api";
import { ACME_UPS, BETA_FEDEX } from "../../fixtures/carrier";

/** The limits wrangler.toml gives each `[[ratelimits]]` binding, all per 60 s. */
const LIMITS = { status_query: 60, tracking: 60, csat: 20 } as const;
const PERIOD_MS = 60_000;

/**
 * A token of its own for a new principal of `customerId`: the throttles count per principal,
 * so no other test's calls share its allowance.
 */
async function newCustomerToken(customerId: string): Promise<string> {
  const token = `test-${crypto.randomUUID()}`;
  await env.DB.prepare(
    "INSERT INTO principals (token_hash, principal_id, kind, customer_id, name) VALUES (?, ?, 'customer', ?, 'throttle test')",
  )
    .bind(await hashToken(token), `P-THROTTLE-${crypto.randomUUID().slice(0, 8)}`, customerId)
    .run();
  return token;
}

/**
 * Waits for a fresh window when fewer than 15 s are left of this one: the local Rate Limiting
 * binding (miniflare) counts in windows aligned to the clock, and a count that straddled two
 * windows would let the N+1th call through.
 */
async function awaitRoomInWindow(): Promise<void> {
  const left = PERIOD_MS - (Date.now() % PERIOD_MS);
  if (left < 15_000) await new Promise((r) => setTimeout(r, left + 100));
}

/** One call of each kind of throttled work, as `token` on one of its customer's orders. */
const CALLS = {
  status_query: (token: string, mine: { po: string }) =>
    api(`/v1/orders/${mine.po}/status-query`, { method: "POST", token }),
  tracking: (token: string, mine: { tracking: string }) => api(`/v1/tracking/${mine.tracking}`, { token }),
  // An unknown exception is refused (409) once counted: the throttle comes first either way.
  csat: (token: string, mine: { po: string }) =>
    api(`/v1/orders/${mine.po}/csat`, {
      method: "POST",
      token,
      json: { exception_id: "EXC-NONE-1", customer_satisfaction: "positive" },
    }),
};
const ACME = { po: "PO-2024-11234", tracking: ACME_UPS };
const BETA = { po: "PO-2024-11900", tracking: BETA_FEDEX };

describe("per-tenant throttles (DESIGN §10)", () => {
  it.each(Object.keys(LIMITS) as (keyof typeof LIMITS)[])(
    "%s: the call past the limit is 429 with Retry-After; another tenant and operations are unaffected",
    async (kind) => {
      const call = CALLS[kind];
      const acme = await newCustomerToken("CUST-001");
      const beta = await newCustomerToken("CUST-002");
      await awaitRoomInWindow();
      const statuses: number[] = [];
      for (let i = 0; i < LIMITS[kind]; i++) statuses.push((await call(acme, ACME)).status);
      expect(statuses.filter((s) => s === 429)).toEqual([]);

      const refused = await call(acme, ACME);
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("60");
      expect(refused.headers.get("content-type")).toBe("application/problem+json");
      expect(await refused.json()).toMatchObject({
        type: "https://errors.edge-orders.dev/rate-limited",
        status: 429,
        retry_after_seconds: 60,
      });

      expect((await call(beta, BETA)).status).not.toBe(429);
      expect((await call(TOKENS.ops, ACME)).status).not.toBe(429);
    },
  );
});
