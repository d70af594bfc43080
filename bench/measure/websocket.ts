/**
 * WebSocket fan-out (DESIGN §15): 100 portal subscribers on one order (`GET /v1/orders/:po/ws`,
 * the customer's token as `?token=`), then one signed carrier tracking event at a time. Each
 * event's latency runs from sending the webhook to each subscriber's receipt of the resulting
 * `shipment.tracking_updated` frame (client clock only); the time from the event's own stored
 * `at` to receipt is reported beside it.
 */
import type { z } from "zod";
import { CUSTOMER_TOKENS, sleep } from "../client";
import type { WebSocketFanOut } from "../results-schema";
import { ratio, summarize } from "../stats";
import { oneConnection } from "../load";
import type { Context } from "./context";

const SUBSCRIBERS = 100;
const CUSTOMER = "CUST-001";

type Frame =
  | { type: "snapshot" }
  | { type: "event"; event: { type: string; at: string; data: { location?: string } } }
  | { type: string };

interface Subscriber {
  socket: WebSocket;
  /** location → receipt time (epoch ms) and the event's stored `at`. */
  receipts: Map<string, { receivedAt: number; at: string }>;
}

function subscribe(url: string): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const sub: Subscriber = { socket, receipts: new Map() };
    const timer = setTimeout(() => reject(new Error("no snapshot within 20 s")), 20_000);
    socket.addEventListener("error", () => reject(new Error(`WebSocket error on ${url.replace(/token=.*/, "")}`)));
    socket.addEventListener("message", (m) => {
      const receivedAt = performance.timeOrigin + performance.now();
      const frame = JSON.parse(String(m.data)) as Frame;
      if (frame.type === "snapshot") {
        clearTimeout(timer);
        resolve(sub);
      } else if ("event" in frame && frame.event.type === "shipment.tracking_updated" && frame.event.data.location) {
        sub.receipts.set(frame.event.data.location, { receivedAt, at: frame.event.at });
      }
    });
  });
}

/** An order with a dispatched shipment whose tracking number the carrier webhook finds. */
async function trackedOrder(ctx: Context): Promise<{ po: string; tracking: string }> {
  const po = `BN-${ctx.tag}-WS`;
  const tracking = `1ZBENCH${ctx.tag}`;
  const placed = await ctx.system.submit(CUSTOMER, po, [{ sku: "SKU-7210", qty: 2 }]);
  if (placed.status !== 202) throw new Error(`placing the fan-out order: ${placed.status} ${await placed.text()}`);
  await ctx.system.waitSettled(po);
  const shipped = new Date(Date.now() - 3_600_000).toISOString();
  const dispatched = await ctx.system.webhook(
    "erp",
    {
      type: "shipment.dispatched",
      po_number: po,
      customer_id: CUSTOMER,
      occurred_at: shipped,
      data: { carrier: "UPS", tracking, shipped_at: shipped },
    },
    `msg_bench_${ctx.tag}_dispatch`,
  );
  if (dispatched.status >= 300) throw new Error(`dispatching: ${dispatched.status} ${await dispatched.text()}`);
  await ctx.system.waitSettled(po);
  return { po, tracking };
}

export async function measureWebSocket(ctx: Context): Promise<z.infer<typeof WebSocketFanOut>> {
  const { po, tracking } = await trackedOrder(ctx);
  const wsBase = ctx.system.baseUrl.replace(/^http/, "ws");
  ctx.progress(`opening ${SUBSCRIBERS} subscribers on ${po}`);
  const subs = await Promise.all(
    Array.from({ length: SUBSCRIBERS }, () =>
      subscribe(`${wsBase}/v1/orders/${po}/ws?token=${CUSTOMER_TOKENS[CUSTOMER]}`),
    ),
  );
  const fromSent: number[] = [];
  const fromStored: number[] = [];
  let missing = 0;
  const events = ctx.durations.wsEvents;
  const start = Date.now() - 3_000_000;
  for (let i = 1; i <= events; i++) {
    const location = `Bench hub ${i}`;
    const event = {
      tracking,
      carrier: "UPS",
      status: "in_transit",
      location,
      occurred_at: new Date(start + i * 60_000).toISOString(),
    };
    const sentAt = performance.timeOrigin + performance.now();
    const res = await ctx.system.webhook("carrier", event, `msg_bench_${ctx.tag}_track_${i}`);
    if (res.status >= 300) throw new Error(`carrier event ${i}: ${res.status} ${await res.text()}`);
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && subs.some((s) => !s.receipts.has(location))) await sleep(5);
    for (const s of subs) {
      const r = s.receipts.get(location);
      if (!r) missing += 1;
      else {
        fromSent.push(r.receivedAt - sentAt);
        fromStored.push(r.receivedAt - Date.parse(r.at));
      }
    }
    ctx.progress(`event ${i}/${events}: ${subs.filter((s) => s.receipts.has(location)).length} receipts`);
    await sleep(200);
  }
  for (const s of subs) s.socket.close(1000, "bench done");
  const floor = await oneConnection({ url: ctx.floorUrl, method: "GET", headers: {} }, ctx.durations.latencyS);
  const latency = summarize(fromSent);
  return {
    subscribers: SUBSCRIBERS,
    events,
    receipts: fromSent.length,
    missing,
    auth: "customer token (?token=), the portal's way",
    event_to_receipt: latency,
    event_stored_to_receipt: summarize(fromStored),
    floor: { p50_ms: floor.p50_ms, p99_ms: floor.p99_ms, rps: null },
    ratio: { p50: ratio(latency.p50_ms, floor.p50_ms), p99: ratio(latency.p99_ms, floor.p99_ms), rps: null },
  };
}
