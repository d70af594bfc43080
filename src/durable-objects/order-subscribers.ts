import { customerEvent, eventsFor, viewFor } from "../shared/customer-view";
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

/** Sends stored events to every subscriber, oldest first; a customer gets only what its view may show. */
export function broadcast(ctx: DurableObjectState, events: readonly OrderEvent[]): void {
  for (const ws of ctx.getWebSockets()) {
    const subscriber = Subscriber.safeParse(ws.deserializeAttachment());
    const full = subscriber.success && subscriber.data.kind === "ops";
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
