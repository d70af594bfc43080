/** Talking to the running system as its clients do: bearer tokens, JSON, signed webhooks, polling a PO until it settles. */
import { Webhook } from "standardwebhooks";

export const OPS_TOKEN = "dev-ops-token";
export const CUSTOMER_TOKENS: Readonly<Record<string, string>> = {
  "CUST-001": "dev-acme-token",
  "CUST-002": "dev-beta-token",
  "CUST-003": "dev-consolidated-token",
};

export interface OrderLine {
  sku: string;
  qty: number;
}

export interface ViewSummary {
  po_number: string;
  status: string;
  pending_handoffs: number;
  shipments: { shipment_id: string; status: string; tracking?: string | null }[];
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Client {
  constructor(
    readonly baseUrl: string,
    readonly secrets: { erp: string; carrier: string },
  ) {}

  fetch(path: string, init: RequestInit & { token?: string; json?: unknown } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${init.token ?? OPS_TOKEN}`);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(init.json);
    }
    return fetch(`${this.baseUrl}${path}`, { ...init, headers, body });
  }

  async json<T>(path: string, init: RequestInit & { token?: string; json?: unknown } = {}): Promise<T> {
    const res = await this.fetch(path, init);
    if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
    return (await res.json()) as T;
  }

  /** Submits a portal PO as its own customer; answers the response untouched. */
  submit(customerId: string, po: string, lines: OrderLine[]): Promise<Response> {
    return this.fetch("/v1/orders", {
      method: "POST",
      token: CUSTOMER_TOKENS[customerId],
      json: { po_number: po, customer_id: customerId, line_items: lines, order_date: "2024-09-15" },
    });
  }

  /** The order view when `test/fixtures/api.ts` `waitForSettled` would call it settled, else null. */
  async settledView(po: string): Promise<ViewSummary | null> {
    const res = await this.fetch(`/v1/orders/${po}`);
    if (res.status !== 200) return null;
    const view = (await res.json()) as ViewSummary;
    return view.pending_handoffs === 0 && view.status !== "received" ? view : null;
  }

  async waitSettled(po: string, timeoutMs = 60_000): Promise<ViewSummary> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const view = await this.settledView(po);
      if (view) return view;
      await sleep(100);
    }
    throw new Error(`order ${po} did not settle within ${timeoutMs / 1000} s`);
  }

  /** Posts a Standard Webhooks-signed ERP or carrier event (DESIGN §5.3). */
  webhook(source: "erp" | "carrier", event: unknown, id: string): Promise<Response> {
    const body = JSON.stringify(event);
    const now = new Date();
    return fetch(`${this.baseUrl}/v1/webhooks/${source}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
        "webhook-signature": new Webhook(this.secrets[source]).sign(id, now, body),
      },
      body,
    });
  }
}

/** A PO number no earlier run on this state used: a run tag and a counter. */
export function poNumbers(tag: string): () => string {
  let n = 0;
  return () => `BN-${tag}-${String(++n).padStart(5, "0")}`;
}
