import { describe, expect, it } from "vitest";
import { acmePo, api, freshPo, TOKENS, waitForSettled } from "../fixtures/api";

type Frame =
  | {
      type: "snapshot";
      view: { version: number; po_number: string };
      events: { seq: number; type: string; actor: string }[];
    }
  | { type: "event"; event: { seq: number; type: string; actor: string }; version: number };

/** Opens the order's live stream through the Worker and collects frames until `done` says stop. */
async function subscribe(po: string, init: { token?: string; protocol?: string }, done: (frames: Frame[]) => boolean) {
  const headers: Record<string, string> = { upgrade: "websocket" };
  if (init.protocol) headers["sec-websocket-protocol"] = init.protocol;
  const path = init.token ? `/v1/orders/${po}/ws?token=${init.token}` : `/v1/orders/${po}/ws`;
  const res = await api(path, { headers });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  const frames: Frame[] = [];
  const finished = new Promise<Frame[]>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `stream incomplete: ${JSON.stringify(frames.map((f) => (f.type === "event" ? f.event.type : f.type)))}`,
          ),
        ),
      15_000,
    );
    ws.addEventListener("message", (m) => {
      frames.push(JSON.parse(m.data as string) as Frame);
      if (done(frames)) {
        clearTimeout(timer);
        resolve(frames);
      }
    });
  });
  ws.accept();
  return { res, ws, finished };
}

/** The comms agent's completion is the pipeline's last event, whether it came in the snapshot or live. */
const commsDone = (frames: Frame[]) =>
  frames.some((f) =>
    f.type === "event"
      ? f.event.type === "handoff.completed" && f.event.actor === "comms"
      : f.events.some((e) => e.type === "handoff.completed" && e.actor === "comms"),
  );

describe("WebSocket subscribers", () => {
  it("receive a snapshot, then every event in order, with no gap or repeat", async () => {
    const po = freshPo();
    const posted = await api("/v1/orders", { method: "POST", token: TOKENS.acme, json: acmePo(po) });
    expect(posted.status).toBe(202);
    // Operations see every event; a customer's stream is its projection (test/workers/customer-view-integration.test.ts).
    const { ws, finished } = await subscribe(po, { token: TOKENS.ops }, commsDone);
    const frames = await finished;
    ws.close(1000, "done");

    const [snapshot, ...rest] = frames;
    expect(snapshot?.type).toBe("snapshot");
    if (snapshot?.type !== "snapshot") throw new Error("first frame must be a snapshot");
    expect(snapshot.view.po_number).toBe(po);
    const streamed = rest.map((f) => {
      if (f.type !== "event") throw new Error(`unexpected frame ${f.type}`);
      return f.event.seq;
    });
    const seen = [...snapshot.events.map((e) => e.seq), ...streamed];
    expect(seen).toEqual(seen.map((_, i) => i + 1));

    const log = (await (await api(`/v1/orders/${po}/events`, { token: TOKENS.ops })).json()) as {
      events: { seq: number }[];
    };
    expect(seen).toEqual(log.events.map((e) => e.seq));
  });

  it("accept the token as a bearer.<token> subprotocol and echo it", async () => {
    const po = freshPo();
    await api("/v1/orders", { method: "POST", token: TOKENS.acme, json: acmePo(po) });
    await waitForSettled(po);
    const { res, ws, finished } = await subscribe(po, { protocol: `bearer.${TOKENS.acme}` }, (f) => f.length >= 1);
    expect(res.headers.get("sec-websocket-protocol")).toBe(`bearer.${TOKENS.acme}`);
    const [snapshot] = await finished;
    expect(snapshot?.type).toBe("snapshot");
    ws.close(1000, "done");
  });

  it("refuse another customer's token with 404, no token with 401, and a plain GET with 426", async () => {
    const po = freshPo();
    await api("/v1/orders", { method: "POST", token: TOKENS.acme, json: acmePo(po) });
    const other = await api(`/v1/orders/${po}/ws?token=${TOKENS.beta}`, { headers: { upgrade: "websocket" } });
    expect(other.status).toBe(404);
    expect(other.webSocket).toBeNull();
    const anonymous = await api(`/v1/orders/${po}/ws`, { headers: { upgrade: "websocket" } });
    expect(anonymous.status).toBe(401);
    const plain = await api(`/v1/orders/${po}/ws?token=${TOKENS.acme}`);
    expect(plain.status).toBe(426);
    expect(plain.headers.get("content-type")).toBe("application/problem+json");
  });
});
