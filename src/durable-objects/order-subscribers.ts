import { customerEvent, eventsFor, viewFor } from "../shared/customer-view";
import { activePrincipalIds } from "../shared/db/principals-repository";
import type { OrderView } from "../shared/order-view";
import { publicEvent, type OrderEvent } from "../shared/schemas/order-event.schema";
import { Subscriber } from "../shared/schemas/order-commands.schema";

/**
 * Accepts a WebSocket subscriber through the Hibernation API after checking it may see this
 * order, and sends it a snapshot: the view and the log so far. Every later event follows
 * through `broadcast`, in order, because the object stores and sends from one thread.
 */
export function acceptSubscriber(
  ctx: DurableObjectState,
  request: Request,
  view: OrderView | null,
  events: readonly OrderEvent[],
): Response {
  if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
    return new Response("expected a WebSocket upgrade", { status: 426 });
  }
  const subscriber = Subscriber.parse(JSON.parse(request.headers.get("x-order-principal") ?? "null"));
  if (!view || (subscriber.kind !== "ops" && subscriber.customer_id !== view.customer_id)) {
    return new Response("not found", { status: 404 });
  }
  const pair = new WebSocketPair();
  const [client, server] = [pair[0], pair[1]];
  ctx.acceptWebSocket(server);
  server.serializeAttachment(subscriber);
  server.send(
    JSON.stringify({
      type: "snapshot",
      view: viewFor(subscriber.kind, view),
      events: eventsFor(subscriber.kind, events),
    }),
  );
  // A browser that authenticated with a `bearer.<token>` subprotocol needs it echoed to connect.
  const protocol = request.headers
    .get("sec-websocket-protocol")
    ?.split(",")
    .map((p) => p.trim())
    .find((p) => p.startsWith("bearer."));
  return new Response(null, {
    status: 101,
    webSocket: client,
    headers: protocol ? { "sec-websocket-protocol": protocol } : {},
  });
}

/** How long a token found active is trusted before a socket's next event checks it again. */
const ACTIVE_FOR_MS = 2_000;
/** WebSocket close code for a policy violation: the token behind the socket was revoked. */
const REVOKED_CLOSE_CODE = 1008;

const checkedActive = new Map<string, number>();

/**
 * The subscribers whose token still stands, closing the sockets of revoked ones: a token is
 * checked when the socket opens, so without this a revoked one would keep streaming. A token
 * found active is trusted for `ACTIVE_FOR_MS`, so a busy order asks D1 at most that often.
 */
async function standingSubscribers(
  ctx: DurableObjectState,
  db: D1Database,
): Promise<{ ws: WebSocket; subscriber: Subscriber }[]> {
  const now = Date.now();
  const open = ctx.getWebSockets().flatMap((ws) => {
    const subscriber = Subscriber.safeParse(ws.deserializeAttachment());
    return subscriber.success ? [{ ws, subscriber: subscriber.data }] : [];
  });
  const stale = [...new Set(open.map((o) => o.subscriber.principal_id))].filter(
    (id) => now - (checkedActive.get(id) ?? 0) > ACTIVE_FOR_MS,
  );
  const active = await activePrincipalIds(db, stale);
  for (const id of stale) {
    if (active.has(id)) checkedActive.set(id, now);
    else checkedActive.delete(id);
  }
  return open.filter(({ ws, subscriber }) => {
    if (checkedActive.has(subscriber.principal_id)) return true;
    try {
      ws.close(REVOKED_CLOSE_CODE, "token revoked");
    } catch {
      // Already closing: nothing more is sent to it either way.
    }
    return false;
  });
}

/**
 * Sends stored events to every subscriber whose token still stands, oldest first; a customer
 * gets only what its view may show. The caller runs one broadcast after another, so events
 * keep their order across the check.
 */
export async function broadcast(ctx: DurableObjectState, db: D1Database, events: readonly OrderEvent[]): Promise<void> {
  for (const { ws, subscriber } of await standingSubscribers(ctx, db)) {
    const full = subscriber.kind === "ops";
    for (const e of events) {
      const shown = full ? publicEvent(e) : customerEvent(e);
      if (!shown) continue;
      try {
        ws.send(JSON.stringify({ type: "event", event: shown, version: e.seq }));
      } catch {
        // A subscriber that went away misses nothing it can still receive: it resubscribes for a snapshot.
      }
    }
  }
}
