import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { OpsHub } from "../../src/durable-objects/ops-hub.do";
import type { OpsMessage } from "../../src/shared/ops-stream";
import { acmePo, api, freshPo, placeSettled, TOKENS, waitForSettled } from "../fixtures/api";
import { resetStock } from "../fixtures/stock";

beforeEach(resetStock);

/** A console's connection: every message it got so far, and a wait for one that matches. */
interface Console {
  res: Response;
  messages: OpsMessage[];
  next(match: (m: OpsMessage) => boolean, timeoutMs?: number): Promise<OpsMessage>;
  close(): void;
}

const open: WebSocket[] = [];
afterEach(() => {
  for (const ws of open.splice(0)) ws.close(1000, "done");
});

/** Opens the operations stream through the Worker, as the console does, with a header or a subprotocol token. */
async function connect(auth: { token?: string; protocols?: string[] }): Promise<Console> {
  const headers: Record<string, string> = { upgrade: "websocket" };
  if (auth.protocols) headers["sec-websocket-protocol"] = auth.protocols.join(", ");
  const res = await api("/v1/ops/stream", { token: auth.token, headers });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  open.push(ws);
  const messages: OpsMessage[] = [];
  const waiters: (() => void)[] = [];
  ws.addEventListener("message", (m) => {
    messages.push(JSON.parse(m.data as string) as OpsMessage);
    for (const w of waiters.splice(0)) w();
  });
  ws.accept();
  const next = (match: (m: OpsMessage) => boolean, timeoutMs = 10_000) =>
    new Promise<OpsMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no match in ${JSON.stringify(messages)}`)), timeoutMs);
      const check = () => {
        const found = messages.find(match);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else waiters.push(check);
      };
      check();
    });
  return { res, messages, next, close: () => ws.close(1000, "leaving") };
}

const forOrder = (po: string, status: string) => (m: OpsMessage) =>
  m.type === "order.event" && m.po_number === po && m.status === status;

describe("GET /v1/ops/stream", () => {
  it("greets an ops console authenticated by header, then streams a new order's events as they commit", async () => {
    const ops = await connect({ token: TOKENS.ops });
    expect(ops.res.headers.get("sec-websocket-protocol")).toBeNull();
    await ops.next((m) => m.type === "hello");
    expect(ops.messages[0]).toEqual({ type: "hello" });

    const po = freshPo();
    expect((await api("/v1/orders", { method: "POST", token: TOKENS.acme, json: acmePo(po) })).status).toBe(202);
    const received = await ops.next(forOrder(po, "received"));
    expect(received).toMatchObject({ customer_id: "CUST-001", event_type: "order.received" });
    expect(Date.parse(received.type === "order.event" ? received.at : "")).not.toBeNaN();
    expect(await ops.next(forOrder(po, "confirmed"))).toMatchObject({ event_type: "status.changed" });

    // One message per committed event: the stream tells every event of the order's log.
    await waitForSettled(po);
    const log = (await (await api(`/v1/orders/${po}/events`, { token: TOKENS.ops })).json()) as {
      events: { type: string }[];
    };
    const streamedTypes = () =>
      ops.messages.flatMap((m) => (m.type === "order.event" && m.po_number === po ? [m.event_type] : []));
    await expect.poll(() => streamedTypes().length, { timeout: 5_000 }).toBe(log.events.length);
    expect(streamedTypes().sort()).toEqual(log.events.map((e) => e.type).sort());
  });

  it("accepts the token as the subprotocols [bearer, token], answers bearer, and streams an order's escalation", async () => {
    const ops = await connect({ protocols: ["bearer", TOKENS.ops] });
    expect(ops.res.headers.get("sec-websocket-protocol")).toBe("bearer");
    await ops.next((m) => m.type === "hello");

    // A split over $50,000 waits for a person (DESIGN §6).
    const view = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 150 }], "2024-10-02");
    const id = `ESC-${view.customer_id}-${view.po_number}-SPLIT`;
    const order = { customer_id: "CUST-001", po_number: view.po_number };
    const about = (m: OpsMessage) => m.type !== "hello" && m.type !== "order.event" && m.escalation_id === id;
    expect(await ops.next((m) => about(m) && m.type === "escalation.opened")).toMatchObject(order);

    const decided = await api(`/v1/escalations/${id}/decision`, {
      method: "POST",
      token: TOKENS.ops,
      json: { decision: "approve" },
    });
    expect(decided.status).toBe(200);
    expect(await ops.next((m) => about(m) && m.type === "escalation.decided")).toMatchObject(order);
    await ops.next(forOrder(view.po_number, "confirmed"));
    expect(ops.messages.filter((m) => about(m) && m.type === "escalation.decided")).toHaveLength(1);
  });

  it("tells of an e-mail held for a person and of the person's decision", async () => {
    const ops = await connect({ token: TOKENS.ops });
    await ops.next((m) => m.type === "hello");
    const po = freshPo();
    const email = { from: "buyer@unknown-buyer.example", subject: po, body: "Please send 10 x SKU-9010 at $215." };
    const held = await api("/v1/orders/email", { method: "POST", token: TOKENS.ops, json: email });
    expect(held.status).toBe(202);
    const { escalation_id } = (await held.json()) as { escalation_id: string };
    const intake = { escalation_id, po_number: po, customer_id: null };
    const about = (m: OpsMessage) =>
      m.type !== "hello" && m.type !== "order.event" && m.escalation_id === escalation_id;
    expect(await ops.next((m) => about(m) && m.type === "escalation.opened")).toMatchObject(intake);

    const rejected = await api(`/v1/escalations/${escalation_id}/decision`, {
      method: "POST",
      token: TOKENS.ops,
      json: { decision: "reject" },
    });
    expect(rejected.status).toBe(200);
    expect(await ops.next((m) => about(m) && m.type === "escalation.decided")).toMatchObject(intake);
  });

  it("refuses customers with 403, a missing token with 401, a token in the URL, and a plain GET with 426", async () => {
    const upgrade = { upgrade: "websocket" };
    const customer = await api("/v1/ops/stream", { token: TOKENS.acme, headers: upgrade });
    expect(customer.status).toBe(403);
    expect(customer.webSocket).toBeNull();
    const viaProtocol = await api("/v1/ops/stream", {
      headers: { ...upgrade, "sec-websocket-protocol": `bearer, ${TOKENS.beta}` },
    });
    expect(viaProtocol.status).toBe(403);
    expect((await api("/v1/ops/stream", { headers: upgrade })).status).toBe(401);
    const bare = await api("/v1/ops/stream", { headers: { ...upgrade, "sec-websocket-protocol": "bearer" } });
    expect(bare.status).toBe(401);
    // The token never goes into a URL (DESIGN §12), so the order stream's ?token= is not read here.
    expect((await api(`/v1/ops/stream?token=${TOKENS.ops}`, { headers: upgrade })).status).toBe(401);
    const plain = await api("/v1/ops/stream", { token: TOKENS.ops });
    expect(plain.status).toBe(426);
    expect(plain.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("the operations stream is best-effort", () => {
  const hub = () => env.OPS_HUB.getByName("ops");

  it("a hub that throws fails no order: it is placed and settles as usual", async () => {
    // RPC finds methods on the class, so the hub's own class is made to fail, and restored after.
    const publish = await runInDurableObject(hub(), (instance: OpsHub) => {
      const proto = Object.getPrototypeOf(instance) as OpsHub;
      const original = proto.publish;
      proto.publish = () => Promise.reject(new Error("hub down"));
      return original;
    });
    try {
      const ops = await connect({ token: TOKENS.ops });
      const view = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 60 }], "2024-10-02");
      expect(view.status).toBe("confirmed");
      expect(ops.messages).toEqual([{ type: "hello" }]);
    } finally {
      await runInDurableObject(hub(), (instance: OpsHub) => {
        (Object.getPrototypeOf(instance) as OpsHub).publish = publish;
      });
    }
  });

  it("a console that leaves mid-stream fails no order, and the others keep receiving", async () => {
    const leaving = await connect({ token: TOKENS.ops });
    const staying = await connect({ protocols: ["bearer", TOKENS.ops] });
    const po = freshPo();
    expect((await api("/v1/orders", { method: "POST", token: TOKENS.acme, json: acmePo(po) })).status).toBe(202);
    await leaving.next(forOrder(po, "received"));
    leaving.close();
    expect((await waitForSettled(po)).status).toBe("confirmed");
    await staying.next(forOrder(po, "confirmed"));
  });
});
