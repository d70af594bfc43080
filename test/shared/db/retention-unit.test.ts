import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { deleteOlderThan, PURGE_CHUNK_ROWS } from "../../../src/shared/db/d1-limits";
import { purgeExpiredRecords, RETENTION_DAYS } from "../../../src/shared/db/retention";
import worker from "../../../src/workers/index";
import { LimitedD1 } from "../../fixtures/limited-d1";

const NOW = new Date("2026-12-01T12:00:00.000Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

async function countWhere(sql: string): Promise<number> {
  return (await env.DB.prepare(`SELECT count(*) AS n FROM ${sql}`).first<{ n: number }>())!.n;
}

/** One row of each kind at `at`, tagged so the test counts only its own rows. */
function rowsAt(tag: string, at: Date): D1PreparedStatement[] {
  const iso = at.toISOString();
  return [
    env.DB.prepare(
      "INSERT INTO spans (span_id, trace_id, name, kind, start_ms, end_ms, status, attributes) VALUES (?, ?, 'test', 'server', ?, ?, 'ok', '{}')",
    ).bind(`span-${tag}`, `trace-${tag}`, at.getTime(), at.getTime() + 5),
    env.DB.prepare("INSERT INTO audit_log (at, kind, detail) VALUES (?, ?, '{}')").bind(iso, `retention-test.${tag}`),
    env.DB.prepare(
      "INSERT INTO webhook_ids (source, webhook_id, body_hash, received_at) VALUES ('erp', ?, 'h', ?)",
    ).bind(`wh-${tag}`, iso),
    env.DB.prepare(
      "INSERT INTO idempotency_keys (principal_id, key, body_hash, status, response, created_at) VALUES ('ops', ?, 'h', 202, '{}', ?)",
    ).bind(`key-${tag}`, iso),
  ];
}

const counts = async (tag: string) => ({
  spans: await countWhere(`spans WHERE span_id = 'span-${tag}'`),
  audit: await countWhere(`audit_log WHERE kind = 'retention-test.${tag}'`),
  webhook_ids: await countWhere(`webhook_ids WHERE webhook_id = 'wh-${tag}'`),
  idempotency_keys: await countWhere(`idempotency_keys WHERE key = 'key-${tag}'`),
});

beforeEach(async () => {
  await env.DB.batch([
    env.DB.prepare("DELETE FROM spans WHERE span_id LIKE 'span-%'"),
    env.DB.prepare("DELETE FROM audit_log WHERE kind LIKE 'retention-test.%'"),
    env.DB.prepare("DELETE FROM webhook_ids WHERE webhook_id LIKE 'wh-%'"),
    env.DB.prepare("DELETE FROM idempotency_keys WHERE key LIKE 'key-%'"),
  ]);
});

describe("retention", () => {
  it("purges each kind of record past its retention and keeps the recent ones", async () => {
    await env.DB.batch([
      ...rowsAt("old", daysAgo(401)),
      ...rowsAt("recent", daysAgo(1)),
      // Past the 7-day key and 30-day span/webhook retention, inside the audit's 400 days.
      ...rowsAt("mid", daysAgo(31)),
    ]);
    await purgeExpiredRecords(env.DB, NOW);
    expect(await counts("old")).toEqual({ spans: 0, audit: 0, webhook_ids: 0, idempotency_keys: 0 });
    expect(await counts("recent")).toEqual({ spans: 1, audit: 1, webhook_ids: 1, idempotency_keys: 1 });
    expect(await counts("mid")).toEqual({ spans: 0, audit: 1, webhook_ids: 0, idempotency_keys: 0 });
  });

  it("keeps a record one day inside its retention", async () => {
    await env.DB.batch(rowsAt("edge", daysAgo(RETENTION_DAYS.idempotencyKeys - 1)));
    await purgeExpiredRecords(env.DB, NOW);
    expect(await counts("edge")).toEqual({ spans: 1, audit: 1, webhook_ids: 1, idempotency_keys: 1 });
  });

  it("deletes in chunks of 1,000 within a statement budget, leaving the rest for the next run", async () => {
    const old = daysAgo(90).getTime();
    const rows = Array.from({ length: 2_500 }, (_, i) =>
      env.DB.prepare(
        "INSERT INTO spans (span_id, trace_id, name, kind, start_ms, end_ms, status, attributes) VALUES (?, 't', 'test', 'server', ?, ?, 'ok', '{}')",
      ).bind(`span-bulk-${i}`, old, old),
    );
    await env.DB.batch(rows);
    const db = new LimitedD1(env.DB);
    const target = { table: "spans", column: "start_ms" };
    expect(await deleteOlderThan(db, target, daysAgo(30).getTime(), 2)).toBe(2 * PURGE_CHUNK_ROWS);
    expect(db.usage.queries).toBe(2);
    expect(await countWhere("spans WHERE span_id LIKE 'span-bulk-%'")).toBe(500);
    expect(await deleteOlderThan(db, target, daysAgo(30).getTime(), 2)).toBe(500);
    expect(await countWhere("spans WHERE span_id LIKE 'span-bulk-%'")).toBe(0);
  });

  it("runs in the cron's scheduled handler", async () => {
    await env.DB.batch(rowsAt("cron", new Date(Date.now() - 401 * 86_400_000)));
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "*/5 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await counts("cron")).toEqual({ spans: 0, audit: 0, webhook_ids: 0, idempotency_keys: 0 });
  });
});
