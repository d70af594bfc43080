import { DurableObject } from "cloudflare:workers";
import { closeCodeToEcho, requestedSubprotocols } from "../shared/websocket-protocol";
import { z } from "zod";
import { OpsMessage } from "../shared/ops-stream";

/** The one hub every operations console connects to. */
const OPS_HUB_NAME = "ops";

const Messages = z.array(OpsMessage);

/**
 * OpsHub: one object (named `ops`) holding the operations consoles' live sockets.
 * - accepts a WebSocket the Worker has already authenticated as an ops principal, through the
 *   Hibernation API, so an idle console costs nothing, and greets it with `hello`;
 * - answers a browser that sent its token as the `["bearer", TOKEN]` subprotocol with `bearer`,
 *   which a browser requires before it opens the socket;
 * - fans each published batch out to every socket, storing nothing: the stream is best-effort
 *   (DESIGN §12), and a console that missed a message catches up by polling.
 */
export class OpsHub extends DurableObject<Env> {
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("expected a WebSocket upgrade", { status: 426 });
    }
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server);
    server.send(JSON.stringify({ type: "hello" } satisfies OpsMessage));
    const protocols = requestedSubprotocols(request.headers.get("sec-websocket-protocol"));
    return new Response(null, {
      status: 101,
      webSocket: client,
      headers: protocols.includes("bearer") ? { "sec-websocket-protocol": "bearer" } : {},
    });
  }

  /** Sends each message, in order, to every connected console; answers how many sockets it reached. */
  async publish(messages: OpsMessage[]): Promise<number> {
    const sockets = this.ctx.getWebSockets();
    // Every order commit publishes, mostly with no console open: nothing to check or send then.
    if (sockets.length === 0) return 0;
    const frames = Messages.parse(messages).map((m) => JSON.stringify(m));
    let reached = 0;
    for (const ws of sockets) {
      try {
        for (const frame of frames) ws.send(frame);
        reached += 1;
      } catch {
        // A socket closing as we send misses the rest; its console polls until it reconnects.
      }
    }
    return reached;
  }

  /** The stream runs one way: whatever a console sends is ignored. */
  override async webSocketMessage(): Promise<void> {}

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    ws.close(closeCodeToEcho(code), "closing");
  }
}

/** Hands an authenticated upgrade request to the hub, which answers 101 with the socket. */
export function connectToOpsHub(hub: DurableObjectNamespace<OpsHub>, request: Request): Promise<Response> {
  return hub.getByName(OPS_HUB_NAME).fetch(request);
}

/**
 * Tells the hub what happened, best-effort: it never throws or rejects, so the caller (an order
 * commit, an escalation decision) runs it off its critical path with `waitUntil` and is never
 * failed by a hub that is down or missing.
 */
export async function publishToOps(
  hub: DurableObjectNamespace<OpsHub>,
  messages: readonly OpsMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  try {
    await hub.getByName(OPS_HUB_NAME).publish([...messages]);
  } catch (err) {
    console.warn(JSON.stringify({ msg: "ops stream publish failed", error: String(err) }));
  }
}

/** How long an OrderObject's first message of a quiet moment waits for others in the isolate to share one publish. */
export const OPS_BATCH_MS = 50;
/** A publish running longer than this is taken to be lost with its caller; the next message starts another. */
const OPS_PUBLISH_STALE_MS = 5_000;

/**
 * The operations messages of every OrderObject in an isolate on their way to the hub: each
 * order commit has some, and one publish per `OPS_BATCH_MS` carries them all rather than one
 * call per commit. One publish runs at a time, in the context of the caller that found none
 * running; it sends what was added meanwhile before it stops, so messages keep their order.
 * Every other caller hands over its messages and waits on nothing (workerd cancels a request
 * that waits on another's promise). Messages of a publish whose caller's object died are lost
 * like any failed publish: the stream is best-effort and a console catches up by polling.
 */
export class OpsBatch {
  private pending: OpsMessage[] = [];
  private publishingSince: number | null = null;

  constructor(private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))) {}

  /** Adds `messages`; the caller that starts the publish gets its promise, the others one already settled. Never rejects. */
  add(hub: DurableObjectNamespace<OpsHub>, messages: readonly OpsMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    this.pending.push(...messages);
    const now = Date.now();
    if (this.publishingSince !== null && now - this.publishingSince < OPS_PUBLISH_STALE_MS) return Promise.resolve();
    this.publishingSince = now;
    return this.publish(hub, now);
  }

  private async publish(hub: DurableObjectNamespace<OpsHub>, since: number): Promise<void> {
    try {
      await this.sleep(OPS_BATCH_MS);
      while (this.pending.length > 0 && this.publishingSince === since) {
        const batch = this.pending;
        this.pending = [];
        await publishToOps(hub, batch);
      }
    } finally {
      if (this.publishingSince === since) this.publishingSince = null;
    }
  }
}

/** The isolate's one batch for its OrderObjects' messages. */
export const orderOpsBatch = new OpsBatch();
