import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OrderObject } from "../../src/durable-objects/order.do";
import { readEvents } from "../../src/durable-objects/order-store";
import { orderKey } from "../../src/shared/order-key";
import { projectOrderView } from "../../src/shared/order-view";
import { acmePo, api, freshPo, TOKENS, waitForSettled } from "../fixtures/api";

/** An exception row as seed history wrote it before details were typed: no source, a description. */
const OLD_DETAILS = { description: "stuck at the Memphis hub", carrier: "FedEx Freight", hub: null, tracking: "FX-1" };

describe("exception details stored before they were typed", () => {
  it("are read back from an OrderObject's log and fold into its view, across eviction", async () => {
    const po = freshPo();
    await api("/v1/orders", { method: "POST", token: TOKENS.acme, json: acmePo(po) });
    await waitForSettled(po);
    const stub = env.ORDER.getByName(orderKey("CUST-001", po));
    await runInDurableObject(stub, (_instance: OrderObject, state) => {
      const sql = state.storage.sql;
      const seq = sql.exec<{ n: number }>("SELECT max(seq) AS n FROM events").one().n + 1;
      const data = { exception_id: `${po}-EX9`, type: "carrier_delay", detected_at: "2024-10-25T12:00:00Z" };
      sql.exec(
        "INSERT INTO events (seq, at, type, actor, data, trace_id, handoff_id) VALUES (?, ?, ?, ?, ?, NULL, NULL)",
        seq,
        "2024-10-25T12:00:00.000Z",
        "exception.opened",
        "seed",
        JSON.stringify({ ...data, details: OLD_DETAILS }),
      );
    });
    await evictDurableObject(stub);
    const log = await stub.eventLog();
    expect(log.at(-1)).toMatchObject({ type: "exception.opened", data: { details: OLD_DETAILS } });
    await runInDurableObject(stub, (_instance: OrderObject, state) => {
      const view = projectOrderView(readEvents(state.storage.sql));
      expect(view.exceptions).toEqual([
        expect.objectContaining({
          exception_id: `${po}-EX9`,
          type: "carrier_delay",
          status: "open",
          details: OLD_DETAILS,
        }),
      ]);
    });
  });
});
