/**
 * The runner's client of the system's HTTP API (DESIGN §4), over any `send(Request)`: the
 * Worker's own fetch handler inside workerd, or `fetch` against a running instance. Webhooks
 * are signed here with the Standard Webhooks scheme (§5.3).
 */
import { Webhook } from "standardwebhooks";
import type { Signing } from "./suite-schema";

/** Sends one request to the system and answers its response. */
export type Send = (request: Request) => Promise<Response>;

/** One answer as the runner keeps it. */
export interface Answer {
  status: number;
  body: unknown;
  trace_id: string | null;
  /** Client-side round trip, retries included. */
  elapsed_ms: number;
}

export interface ClientOptions {
  send: Send;
  baseUrl: string;
  opsToken: string;
  secrets: { erp: string; carrier: string };
  sleep: (ms: number) => Promise<void>;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A secret no deployment uses, for the `wrong_secret` adversarial signing. */
const FOREIGN_SECRET = "whsec_Zm9yZWlnbi1zZWNyZXQtbm90LW91cnMtMzItYnl0ZXM=";

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The runner's API client; every call answers, network failures included (status 0). */
export class ApiClient {
  constructor(private readonly o: ClientOptions) {}

  /**
   * Sends a request; a 429 (admission full, or a rate limit) is retried after its `Retry-After`
   * (at most 5 s, 6 attempts), as a well-behaved client would.
   */
  async request(
    method: string,
    path: string,
    init: {
      token?: string | null;
      json?: unknown;
      text?: string;
      contentType?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Answer> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      const headers = new Headers(init.headers);
      if (init.token) headers.set("authorization", `Bearer ${init.token}`);
      let body: string | undefined;
      if (init.json !== undefined) {
        body = typeof init.json === "string" ? init.json : JSON.stringify(init.json);
        headers.set("content-type", init.contentType ?? "application/json");
      } else if (init.text !== undefined) {
        body = init.text;
        headers.set("content-type", init.contentType ?? "text/plain");
      }
      let res: Response;
      try {
        res = await this.o.send(new Request(new URL(path, this.o.baseUrl), { method, headers, body }));
      } catch (err) {
        return { status: 0, body: { error: String(err) }, trace_id: null, elapsed_ms: Date.now() - started };
      }
      if (res.status === 429 && attempt < 6) {
        await res.body?.cancel();
        const wait = Math.min(5, Math.max(0.2, Number(res.headers.get("retry-after") ?? "1") || 1));
        await this.o.sleep(wait * 1000);
        continue;
      }
      return {
        status: res.status,
        body: await readBody(res),
        trace_id: res.headers.get("x-trace-id"),
        elapsed_ms: Date.now() - started,
      };
    }
  }

  /** `GET /v1/orders/:po` as operations; null when there is no such order. */
  async view(po: string): Promise<Record<string, unknown> | null> {
    const a = await this.request("GET", `/v1/orders/${encodeURIComponent(po)}`, { token: this.o.opsToken });
    return a.status === 200 && a.body && typeof a.body === "object" ? (a.body as Record<string, unknown>) : null;
  }

  /** Posts a webhook event signed as `signing` says. */
  async webhook(
    source: "erp" | "carrier",
    event: unknown,
    webhookId: string,
    signing: Signing = "valid",
  ): Promise<Answer> {
    const body = JSON.stringify(event);
    const secret =
      signing === "wrong_secret" ? FOREIGN_SECRET : source === "erp" ? this.o.secrets.erp : this.o.secrets.carrier;
    const at = signing === "stale" ? new Date(Date.now() - 10 * 60_000) : new Date();
    const headers: Record<string, string> =
      signing === "unsigned"
        ? {}
        : {
            "webhook-id": webhookId,
            "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
            "webhook-signature": new Webhook(secret).sign(webhookId, at, body),
          };
    // Tampering changes the body after it was signed, as a man in the middle would.
    const sent =
      signing === "tampered"
        ? `${body.replace(/"occurred_at":"[^"]*"/, '"occurred_at":"2030-01-01T00:00:00Z"')} `
        : body;
    return this.request("POST", `/v1/webhooks/${source}`, { json: sent, headers });
  }
}
