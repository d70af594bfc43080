import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../../src/shared/db/principals-repository";
import { sha256Hex } from "../../../src/shared/hashing";
import { auditRowsForPo } from "../../fixtures/audit";
import { orderView } from "../../fixtures/orders";
import { acmePo, api, freshPo, TOKENS } from "../../fixtures/api";

/** The principal id behind Acme's token, as the key is stored per principal. */
async function acmePrincipal(): Promise<string> {
  const row = await env.DB.prepare("SELECT principal_id FROM principals WHERE token_hash = ?")
    .bind(await hashToken(TOKENS.acme))
    .first<{ principal_id: string }>();
  return row!.principal_id;
}

const post = (body: string, key: string) =>
  api("/v1/orders", {
    method: "POST",
    token: TOKENS.acme,
    body,
    headers: { "content-type": "application/json", "idempotency-key": key },
  });

/** Leaves a reservation as a request that crashed mid-way would: no answer, held until `lockedUntil`. */
async function strandReservation(key: string, body: string, lockedUntil: string): Promise<void> {
  await env.DB.prepare(
    "INSERT INTO idempotency_keys (principal_id, key, body_hash, status, response, locked_until, created_at) VALUES (?, ?, ?, NULL, NULL, ?, ?)",
  )
    .bind(await acmePrincipal(), key, await sha256Hex(body), lockedUntil, new Date().toISOString())
    .run();
}

// An isolate's first request runs the start-up seed check, which lines up requests arriving
// meanwhile behind it: one request first, so the concurrent ones below really race for the key.
beforeAll(async () => {
  await api("/v1/health");
});

describe("Idempotency-Key is reserved before the PO is processed", () => {
  it("five concurrent requests with one key make one order: one 202, the others 409 with Retry-After", async () => {
    const po = freshPo();
    const key = `key-${crypto.randomUUID()}`;
    const body = JSON.stringify(acmePo(po));
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(body, key)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([202, 409, 409, 409, 409]);
    for (const res of answers.filter((r) => r.status === 409)) {
      expect(res.headers.get("retry-after")).toBe("1");
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(((await res.json()) as { type: string }).type).toMatch(/\/idempotency-key-in-use$/);
    }
    expect((await auditRowsForPo("order.received", po)).length).toBe(1);
    expect((await auditRowsForPo("order.duplicate", po)).length).toBe(0);

    const replay = await post(body, key);
    expect(replay.status).toBe(202);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(((await replay.json()) as { po_number: string }).po_number).toBe(po);
  });

  it("answers 422 for the same key with another body while the first is still in flight", async () => {
    const key = `key-${crypto.randomUUID()}`;
    await strandReservation(key, JSON.stringify(acmePo(freshPo())), new Date(Date.now() + 30_000).toISOString());
    const other = freshPo();
    const res = await post(JSON.stringify(acmePo(other)), key);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { type: string }).type).toMatch(/\/idempotency-key-reused$/);
    expect(await orderView(other)).toBeNull();
  });

  it("a reservation whose request crashed holds the key until it expires, then the key is usable again", async () => {
    const po = freshPo();
    const key = `key-${crypto.randomUUID()}`;
    const body = JSON.stringify(acmePo(po));
    await strandReservation(key, body, new Date(Date.now() + 30_000).toISOString());
    const held = await post(body, key);
    expect(held.status).toBe(409);
    expect(held.headers.get("retry-after")).toBe("1");
    expect(await orderView(po)).toBeNull();

    await env.DB.prepare("UPDATE idempotency_keys SET locked_until = ? WHERE key = ?")
      .bind(new Date(Date.now() - 1_000).toISOString(), key)
      .run();
    const retried = await post(body, key);
    expect(retried.status).toBe(202);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
    expect((await orderView(po))?.po_number).toBe(po);
    const stored = await env.DB.prepare("SELECT status, locked_until FROM idempotency_keys WHERE key = ?")
      .bind(key)
      .first<{ status: number; locked_until: string | null }>();
    expect(stored).toEqual({ status: 202, locked_until: null });
  });

  it("a request that fails with no answer frees its key", async () => {
    const key = `key-${crypto.randomUUID()}`;
    // A customer placing an order for another customer is refused before anything is recorded.
    const res = await post(JSON.stringify({ ...acmePo(freshPo()), customer_id: "CUST-002" }), key);
    expect(res.status).toBe(403);
    const row = await env.DB.prepare("SELECT count(*) AS n FROM idempotency_keys WHERE key = ?")
      .bind(key)
      .first<{ n: number }>();
    expect(row?.n).toBe(0);
    const po = freshPo();
    expect((await post(JSON.stringify(acmePo(po)), key)).status).toBe(202);
  });

  it("an Idempotency-Key longer than 255 characters is a 400 naming the header, and nothing is recorded", async () => {
    const po = freshPo();
    const res = await post(JSON.stringify(acmePo(po)), "k".repeat(256));
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { type: string; detail: string; errors: { field: string }[] };
    expect(problem.type).toMatch(/\/invalid-idempotency-key$/);
    expect(problem.detail).toMatch(/Idempotency-Key/);
    expect(problem.errors.map((e) => e.field)).toEqual(["Idempotency-Key"]);
    expect(await orderView(po)).toBeNull();
  });
});
