import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { OpsBatch, type OpsHub, publishToOps } from "../../src/durable-objects/ops-hub.do";
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

describe("OpsBatch", () => {
  const message = (n: number): OpsMessage => ({
    type: "order.event",
    at: `2026-12-02T06:00:00.00${n}Z`,
    customer_id: "CUST-001",
    po_number: `PO-${n}`,
    event_type: "order.received",
    status: "received",
  });

  /** A batch whose window ends when the test says, and a hub that records each publish until the test lets it answer. */
  function harness() {
    let endWindow: () => void = () => undefined;
    const batch = new OpsBatch(() => new Promise<void>((resolve) => (endWindow = resolve)));
    const published: OpsMessage[][] = [];
    const answers: (() => void)[] = [];
    const hub = hubWith(() => new Promise<number>((resolve) => answers.push(() => resolve(1))));
    const recording = {
      getByName: () => ({
        publish: (messages: OpsMessage[]) => {
          published.push(messages);
          return hub.getByName("ops").publish(messages);
        },
      }),
    } as unknown as DurableObjectNamespace<OpsHub>;
    return { batch, hub: recording, published, answers, endWindow: () => endWindow() };
  }

  it("publishes the messages of a window in one call, in order, and those added while it publishes in the next", async () => {
    const { batch, hub, published, answers, endWindow } = harness();
    const opener = batch.add(hub, [message(1), message(2)]);
    await expect(batch.add(hub, [message(3)])).resolves.toBeUndefined();
    await batch.add(hub, []);
    expect(published).toEqual([]);
    endWindow();
    await vi.waitFor(() => expect(published).toHaveLength(1));
    await batch.add(hub, [message(4)]);
    await batch.add(hub, [message(5)]);
    answers[0]!();
    await vi.waitFor(() => expect(published).toHaveLength(2));
    answers[1]!();
    await opener;
    expect(published).toEqual([
      [message(1), message(2), message(3)],
      [message(4), message(5)],
    ]);
  });

  it("never rejects when the hub fails, and the next window publishes again", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const batch = new OpsBatch(() => Promise.resolve());
      const publish = vi.fn(() => Promise.reject(new Error("hub down")));
      await expect(batch.add(hubWith(publish), [message(1)])).resolves.toBeUndefined();
      await expect(batch.add(hubWith(publish), [message(2)])).resolves.toBeUndefined();
      expect(publish).toHaveBeenCalledTimes(2);
      expect(warn).toHaveBeenCalledTimes(2);
    } finally {
      warn.mockRestore();
    }
  });
});
