import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { type OpsHub, publishToOps } from "../../src/durable-objects/ops-hub.do";
import type { OpsMessage } from "../../src/shared/ops-stream";

const hello: OpsMessage[] = [{ type: "hello" }];

/** A hub namespace whose stub does `publish`, as a broken or missing hub would. */
function hubWith(publish: () => Promise<number>): DurableObjectNamespace<OpsHub> {
  return { getByName: () => ({ publish }) } as unknown as DurableObjectNamespace<OpsHub>;
}

describe("publishToOps", () => {
  it("never rejects, whether the hub's call fails, the binding throws or is missing, and logs why", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      await expect(
        publishToOps(
          hubWith(() => Promise.reject(new Error("hub down"))),
          hello,
        ),
      ).resolves.toBeUndefined();
      const throwing = {
        getByName: () => {
          throw new Error("no such class");
        },
      } as unknown as DurableObjectNamespace<OpsHub>;
      await expect(publishToOps(throwing, hello)).resolves.toBeUndefined();
      await expect(
        publishToOps(undefined as unknown as DurableObjectNamespace<OpsHub>, hello),
      ).resolves.toBeUndefined();
      expect(warn.mock.calls.map((c) => JSON.parse(String(c[0])).error)).toEqual([
        "Error: hub down",
        "Error: no such class",
        expect.stringContaining("TypeError"),
      ]);
    } finally {
      warn.mockRestore();
    }
  });

  it("makes one call for a batch and none for an empty one", async () => {
    const publish = vi.fn(() => Promise.resolve(1));
    await publishToOps(hubWith(publish), [...hello, ...hello]);
    await publishToOps(hubWith(publish), []);
    expect(publish).toHaveBeenCalledTimes(1);
    expect(publish).toHaveBeenCalledWith([...hello, ...hello]);
  });
});

describe("OpsHub.publish", () => {
  it("with no console connected answers 0 at once, before checking or encoding the batch", async () => {
    const hub = env.OPS_HUB.getByName(`empty-${crypto.randomUUID()}`);
    const order: OpsMessage = {
      type: "order.event",
      at: new Date().toISOString(),
      customer_id: "CUST-001",
      po_number: "PO-1",
      event_type: "order.received",
      status: "received",
    };
    expect(await hub.publish([order])).toBe(0);
    await runInDurableObject(hub, async (instance: OpsHub) => {
      const stringify = vi.spyOn(JSON, "stringify");
      try {
        expect(await instance.publish([order, ...hello])).toBe(0);
        expect(stringify).not.toHaveBeenCalled();
      } finally {
        stringify.mockRestore();
      }
    });
  });
});
