import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { recordAudit } from "../../../src/shared/db/audit-repository";
import { findPrincipal } from "../../../src/shared/db/principals-repository";
import { meteredEnv, metering, meterOf } from "../../../src/shared/usage/metered-env";
import { UsageMeter } from "../../../src/shared/usage/usage";
import { TOKENS } from "../../fixtures/api";

/** The metered bindings against the real local D1 and Durable Objects. */
describe("metered bindings", () => {
  it("counts D1's rows written by a drizzle batch, indexes included, and reads through raw()", async () => {
    const meter = new UsageMeter();
    const db = meteredEnv(env, meter).DB;
    await recordAudit(db, { kind: "usage.test", poNumber: "PO-METER-1", detail: {} });
    // The row, its two indexes and the AUTOINCREMENT counter, as D1 reports them.
    expect(meter.take().d1_rows_written).toBe(4);
    expect(await findPrincipal(db, TOKENS.ops)).not.toBeNull();
    expect(meter.take().d1_rows_read).toBeGreaterThanOrEqual(1);
  });

  it("counts a statement's own meta through bind and all", async () => {
    const meter = new UsageMeter();
    const db = meteredEnv(env, meter).DB;
    const { results } = await db.prepare("SELECT customer_id FROM customers WHERE customer_id <> ?").bind("none").all();
    expect(meter.take().d1_rows_read).toBeGreaterThanOrEqual(results.length);
  });

  it("counts each Durable Object call and each message sent with its read and delete", async () => {
    const meter = new UsageMeter();
    const metered = meteredEnv(env, meter);
    expect(meterOf(metered)).toBe(meter);
    expect(meterOf(env)).toBeUndefined();
    const stub = metered.ORDER.getByName("CUST-001:PO-METER-NONE");
    expect(await stub.read()).toBeNull();
    expect(await stub.read()).toBeNull();
    expect(meter.take().do_requests).toBe(2);
    await metered.DEAD_LETTER_QUEUE.send({ malformed: true });
    expect(meter.take().queue_operations).toBe(3);
  });

  it("shares one metered env per isolate and counts each concurrent unit of work into its own meter", async () => {
    const shared = meteredEnv(env);
    expect(meteredEnv(env)).toBe(shared);
    // One binding object for every unit: what is cached per binding (Drizzle, the span buffer) stays cached.
    expect(shared.DB).toBe(meteredEnv(env).DB);
    const [a, b] = [new UsageMeter(), new UsageMeter()];
    const readOnce = () => shared.ORDER.getByName("CUST-001:PO-METER-NONE").read();
    await Promise.all([
      metering(a, async () => {
        await readOnce();
        await readOnce();
        expect(meterOf(shared)).toBe(a);
      }),
      metering(b, readOnce),
    ]);
    expect(a.take().do_requests).toBe(2);
    expect(b.take().do_requests).toBe(1);
    expect(meterOf(shared)).toBeUndefined();
  });
});
