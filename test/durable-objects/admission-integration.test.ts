import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMISSION_SINGLETON } from "../../src/durable-objects/admission.do";
import { orderKey } from "../../src/shared/order-key";
import type { OrderView } from "../../src/shared/order-view";
import { api, freshPo, TOKENS, waitForSettled } from "../fixtures/api";

const admission = () => env.ADMISSION.getByName(ADMISSION_SINGLETON);

async function post(po: string, qty: number) {
  return api("/v1/orders", {
    method: "POST",
    token: TOKENS.beta,
    json: { po_number: po, customer_id: "CUST-002", line_items: [{ sku: "SKU-7210", qty }], order_date: "2024-10-02" },
  });
}

describe("AdmissionControl (DESIGN §10)", () => {
  it("holds POs beyond 50 in flight, refuses beyond 100 waiting with 429, and lets the most valuable in first", async () => {
    for (let i = 0; i < 50; i++)
      expect(await admission().admit({ order_key: `CUST-002:PO-9000-${String(100000 + i)}`, value: 1 })).toEqual({
        decision: "admitted",
      });

    // Two real POs arrive while the pipeline is full: recorded, answered 202, not started.
    const small = freshPo();
    const large = freshPo();
    const smallRes = await post(small, 10); // 10 x $62.50 = $625
    const largeRes = await post(large, 200); // 200 x $58 = $11,600
    expect([smallRes.status, largeRes.status]).toEqual([202, 202]);
    const waiting = (await largeRes.json()) as OrderView;
    // Admission is operations' business: the customer's answer says only that the order is received and pending.
    expect(waiting).toMatchObject({ status: "received", pending_handoffs: 1 });
    expect(waiting).not.toHaveProperty("admission");
    expect(await (await api(`/v1/orders/${large}`, { token: TOKENS.ops })).json()).toMatchObject({
      admission: "waiting",
    });

    for (let i = 0; i < 98; i++)
      expect(
        (await admission().admit({ order_key: `CUST-002:PO-9001-${String(100000 + i)}`, value: 2 })).decision,
      ).toBe("waiting");
    expect(await admission().snapshot()).toMatchObject({ in_flight: 50, waiting: 100 });

    const refused = await post(freshPo(), 5);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("30");
    expect((await refused.json()) as { type: string }).toMatchObject({
      type: expect.stringMatching(/admission-full$/),
    });

    // One settles: the most valuable waiting PO, the $11,600 one, goes in and runs.
    expect(await admission().release("CUST-002:PO-9000-100000")).toEqual([orderKey("CUST-002", large)]);
    const started = await waitForSettled(large, TOKENS.ops);
    expect(started).toMatchObject({ status: "confirmed", admission: "admitted" });
    expect(started.agents_invoked).toEqual(["intake", "fulfillment", "exception", "comms"]);
    // Its own settling frees its place in turn: the $625 PO is next, ahead of the $2 fillers.
    const next = await waitForSettled(small, TOKENS.ops);
    expect(next).toMatchObject({ status: "confirmed", admission: "admitted" });
    // Then the fillers' turn: they have no order waiting, so each gives its place up at once.
    let snapshot = await admission().snapshot();
    for (let i = 0; i < 60 && snapshot.waiting > 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      snapshot = await admission().snapshot();
    }
    expect(snapshot).toEqual({ in_flight: 49, waiting: 0, rejected_total: 1 });
  });
});
