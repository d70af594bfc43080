import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMISSION_SINGLETON, type AdmissionControl } from "../../src/durable-objects/admission.do";
import type { OrderObject } from "../../src/durable-objects/order.do";
import { FAILED_START_RETRY_MS, MAX_FAILED_STARTS, MAX_IN_FLIGHT } from "../../src/shared/admission";
import { orderKey } from "../../src/shared/order-key";
import { freshPo, waitForSettled, placeOrder } from "../fixtures/api";

const admission = () => env.ADMISSION.getByName(ADMISSION_SINGLETON);

/** The waiting-line row AdmissionControl holds for `key`, if any. */
async function waitingRow(key: string): Promise<{ value: number; failed_starts: number } | undefined> {
  return runInDurableObject(
    admission(),
    (_instance: AdmissionControl, state) =>
      state.storage.sql
        .exec<{ value: number; failed_starts: number }>(
          "SELECT value, failed_starts FROM waiting WHERE po_number = ?",
          key,
        )
        .toArray()[0],
  );
}

/** An order whose OrderObject throws on every call: its event log holds an event it cannot read. */
async function brokenOrder(): Promise<string> {
  const key = orderKey("CUST-001", freshPo());
  await runInDurableObject(env.ORDER.getByName(key), (_instance: OrderObject, state) => {
    state.storage.sql.exec(
      "INSERT INTO events (seq, at, type, actor, data) VALUES (1, '2020-01-01T00:00:00.000Z', 'no.such.event', 'api', '{}')",
    );
  });
  await evictDurableObject(env.ORDER.getByName(key));
  return key;
}

describe("AdmissionControl when a waiting order fails to start (issue 9 review)", () => {
  it("goes on to the next waiting PO, keeps the failed one in its place, and drops it for operations after the bound", async () => {
    const { in_flight } = await admission().snapshot();
    const fillers = Array.from({ length: MAX_IN_FLIGHT - in_flight }, (_, i) => `PO-9200-${String(100000 + i)}`);
    for (const filler of fillers)
      expect(await admission().admit({ order_key: filler, value: 1 })).toEqual({ decision: "admitted" });

    // The broken order is worth the most, so it is first in line.
    const broken = await brokenOrder();
    expect(await admission().admit({ order_key: broken, value: 1_000_000 })).toEqual({
      decision: "waiting",
      position: 1,
    });
    const po = await placeOrder("CUST-002", [{ sku: "SKU-7210", qty: 10 }], "2024-10-02");
    expect((await env.ORDER.getByName(orderKey("CUST-002", po)).read())?.admission).toBe("waiting");
    // The index knows it waits, so the stalled-handoff sweep passes it over.
    const indexed = () =>
      env.DB.prepare(
        "SELECT pending_handoffs, awaiting_admission FROM order_index WHERE customer_id = 'CUST-002' AND po_number = ?",
      )
        .bind(po)
        .first();
    await expect.poll(indexed).toEqual({ pending_handoffs: 1, awaiting_admission: 1 });

    // One slot frees: the broken order fails to start, and the line moves on to the next PO.
    expect(await admission().release(fillers[0]!)).toEqual([orderKey("CUST-002", po)]);
    expect(await waitForSettled(po)).toMatchObject({ status: "confirmed", admission: "admitted" });
    await expect.poll(indexed).toEqual({ pending_handoffs: 0, awaiting_admission: 0 });
    // The settled PO's own release retried it once more; it keeps its value and place.
    let row = await waitingRow(broken);
    expect(row).toMatchObject({ value: 1_000_000, failed_starts: expect.any(Number) });
    expect(row!.failed_starts).toBeGreaterThanOrEqual(1);
    // With a slot free for it, the alarm retries it within a minute if no release comes first.
    const alarm = await runInDurableObject(admission(), (_instance: AdmissionControl, state) =>
      state.storage.getAlarm(),
    );
    expect(alarm).not.toBeNull();
    expect(alarm!).toBeLessThanOrEqual(Date.now() + FAILED_START_RETRY_MS);

    // Each later release retries it; at the bound it leaves the line, with an audit row.
    const audit = () =>
      env.DB.prepare("SELECT detail FROM audit_log WHERE po_number = ? AND kind = 'admission.start_failed'")
        .bind(broken)
        .all<{ detail: string }>();
    let released = 1;
    while (row) {
      expect(row.failed_starts).toBeLessThan(MAX_FAILED_STARTS);
      expect((await audit()).results).toHaveLength(0);
      expect(await admission().release(fillers[released++]!)).toEqual([]);
      const after = await waitingRow(broken);
      if (after) expect(after).toEqual({ value: 1_000_000, failed_starts: row.failed_starts + 1 });
      else expect(row.failed_starts).toBe(MAX_FAILED_STARTS - 1);
      row = after;
    }
    const rows = (await audit()).results;
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.detail)).toMatchObject({ failed_starts: MAX_FAILED_STARTS, value: 1_000_000 });
    expect(await admission().snapshot()).toMatchObject({ waiting: 0 });
  });

  it("counts failed starts in a waiting line made before they were counted, keeping its entries", async () => {
    await runInDurableObject(admission(), (_instance: AdmissionControl, state) => {
      const sql = state.storage.sql;
      // Objects that old kept no record of migrations either.
      sql.exec("DROP TABLE _migrations");
      sql.exec("DROP TABLE waiting");
      sql.exec("CREATE TABLE waiting (po_number TEXT PRIMARY KEY, value REAL NOT NULL, enqueued_at INTEGER NOT NULL)");
      sql.exec("INSERT INTO waiting VALUES ('CUST-001:PO-OLD-LINE', 5, 1)");
    });
    await evictDurableObject(admission());
    expect(await waitingRow("CUST-001:PO-OLD-LINE")).toEqual({ value: 5, failed_starts: 0 });
    // Setting up again finds the column and leaves it be.
    await evictDurableObject(admission());
    expect(await admission().snapshot()).toMatchObject({ waiting: 1 });
  });
});
