/** A revoked customer token stops streaming (DESIGN §4): the next event closes its open WebSocket instead of reaching it. */
import { describe, expect, it } from "vitest";
import { api, placeSettled, TOKENS } from "../../fixtures/api";

type Frame = { type: string };

/** Opens the order's WebSocket with `token` and collects its frames until it closes. */
async function subscribe(po: string, token: string) {
  const res = await api(`/v1/orders/${po}/ws?token=${token}`, { headers: { upgrade: "websocket" } });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  const frames: Frame[] = [];
  let snapshot: () => void = () => undefined;
  const snapshotted = new Promise<void>((resolve) => {
    snapshot = resolve;
  });
  const closed = new Promise<number>((resolve) => ws.addEventListener("close", (e) => resolve(e.code)));
  ws.addEventListener("message", (m) => {
    const frame = JSON.parse(m.data as string) as Frame;
    frames.push(frame);
    if (frame.type === "snapshot") snapshot();
  });
  ws.accept();
  await snapshotted;
  return { ws, frames, closed };
}

describe("order WebSocket and token revocation", () => {
  it("closes a revoked token's socket with 1008 at the next event, which it does not receive", async () => {
    const view = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 3 }], "2024-09-15");
    const issued = await api("/v1/admin/customers/CUST-001/tokens", {
      method: "POST",
      token: TOKENS.ops,
      json: { label: "streaming" },
    });
    const { token, token_id } = (await issued.json()) as { token: string; token_id: string };
    const socket = await subscribe(view.po_number, token);
    const revoked = await api(`/v1/admin/tokens/${token_id}`, { method: "DELETE", token: TOKENS.ops });
    expect(revoked.status).toBeLessThan(300);
    // Past the time a token found active is trusted, so the event's check asks D1 again.
    await new Promise((r) => setTimeout(r, 2_100));
    const cancelled = await api(`/v1/orders/${view.po_number}/cancel`, {
      method: "POST",
      token: TOKENS.ops,
      json: { reason: "buyer changed plans" },
    });
    expect(cancelled.status).toBe(200);
    expect(await socket.closed).toBe(1008);
    expect(socket.frames.map((f) => f.type)).toEqual(["snapshot"]);
  });

  it("keeps streaming to a token that still stands", async () => {
    const view = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 3 }], "2024-09-15");
    const socket = await subscribe(view.po_number, TOKENS.acme);
    const streamed = new Promise<void>((resolve) =>
      socket.ws.addEventListener("message", (m) => {
        if ((JSON.parse(m.data as string) as Frame).type === "event") resolve();
      }),
    );
    await api(`/v1/orders/${view.po_number}/cancel`, { method: "POST", token: TOKENS.ops, json: { reason: "no" } });
    await streamed;
    socket.ws.close(1000, "done");
  });
});
