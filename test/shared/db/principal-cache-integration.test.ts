import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { PRINCIPAL_TTL_MS, PrincipalCache } from "../../../src/shared/db/principal-cache";
import { hashToken, revokeTokenStatement } from "../../../src/shared/db/principals-repository";
import { LimitedD1 } from "../../fixtures/limited-d1";

/** A customer token of its own, stored as the admin route stores one (its id is its principal id). */
async function storedToken(): Promise<{ token: string; id: string }> {
  const token = `cache-test-${crypto.randomUUID()}`;
  const id = `tok_cache_${crypto.randomUUID().slice(0, 8)}`;
  await env.DB.prepare(
    "INSERT INTO principals (token_hash, principal_id, kind, customer_id, name, token_id) VALUES (?, ?, 'customer', 'CUST-002', 'cache test', ?)",
  )
    .bind(await hashToken(token), id, id)
    .run();
  return { token, id };
}

/** Revokes as another isolate would: the row changes, this isolate's cache is not told. */
const revokeElsewhere = (id: string) => revokeTokenStatement(env.DB, id, new Date().toISOString()).run();

/** A cache on a clock the test moves, over a D1 that counts its queries. */
function cacheAt(start = 1_000_000, maxEntries = 100) {
  const clock = { now: start };
  const cache = new PrincipalCache({ ttlMs: PRINCIPAL_TTL_MS, maxEntries, now: () => clock.now });
  return { cache, clock, db: new LimitedD1(env.DB) };
}

describe("PrincipalCache", () => {
  it("answers a token from memory within the TTL: one D1 query for many requests", async () => {
    const { token } = await storedToken();
    const { cache, clock, db } = cacheAt();
    const first = await cache.find(db, token);
    expect(first).toMatchObject({ kind: "customer", customerId: "CUST-002" });
    for (let i = 0; i < 20; i++) {
      clock.now += 100;
      expect(await cache.find(db, token)).toEqual(first);
    }
    expect(db.usage.queries).toBe(1);
  });

  it("a token revoked in another isolate stops working here once the TTL has passed", async () => {
    const { token, id } = await storedToken();
    const { cache, clock, db } = cacheAt();
    expect(await cache.find(db, token)).not.toBeNull();
    await revokeElsewhere(id);
    clock.now += PRINCIPAL_TTL_MS - 1;
    // Still trusted for what is left of the TTL: the bound on how long a revocation takes elsewhere.
    expect(await cache.find(db, token)).not.toBeNull();
    clock.now += 1;
    expect(await cache.find(db, token)).toBeNull();
    expect(await cache.find(db, token)).toBeNull();
  });

  it("forget drops a principal at once (the isolate that revoked it)", async () => {
    const { token, id } = await storedToken();
    const { cache, db } = cacheAt();
    expect(await cache.find(db, token)).not.toBeNull();
    await revokeElsewhere(id);
    cache.forget(id);
    expect(await cache.find(db, token)).toBeNull();
  });

  it("a lookup that was in flight when forget ran is answered but not kept", async () => {
    const { token, id } = await storedToken();
    const { cache, db } = cacheAt();
    const inFlight = cache.find(db, token);
    cache.forget(id);
    expect(await inFlight).not.toBeNull();
    await revokeElsewhere(id);
    expect(await cache.find(db, token)).toBeNull();
  });

  it("keeps no unknown token, and no more principals than its bound (the oldest goes first)", async () => {
    const { cache, db } = cacheAt(1_000_000, 2);
    expect(await cache.find(db, "never-issued")).toBeNull();
    expect(await cache.find(db, "never-issued")).toBeNull();
    expect(db.usage.queries).toBe(2);

    const [a, b, c] = [await storedToken(), await storedToken(), await storedToken()];
    for (const t of [a, b, c]) await cache.find(db, t.token);
    for (const t of [a, b, c]) await revokeElsewhere(t.id);
    // b and c are still held; a was evicted by c, so D1 is asked and says revoked.
    expect(await cache.find(db, b.token)).not.toBeNull();
    expect(await cache.find(db, c.token)).not.toBeNull();
    expect(await cache.find(db, a.token)).toBeNull();
  });
});
