import { exports } from "cloudflare:workers";
import type { OrderView } from "../src/shared/order-view";

export const TOKENS = {
  ops: "dev-ops-token",
  acme: "dev-acme-token",
  beta: "dev-beta-token",
  consolidated: "dev-consolidated-token",
} as const;

/** Calls the Worker through its real fetch handler. */
export function api(
  path: string,
  init: RequestInit & { token?: string | null; json?: unknown } = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  return exports.default.fetch(new Request(`http://orders.test${path}`, { ...init, headers, body }));
}

let counter = 0;
/** A PO number no other test uses. */
export function freshPo(): string {
  counter += 1;
  return `PO-${String(2000 + (Date.now() % 7000)).padStart(4, "0")}-${String(100000 + ((Date.now() * 7 + counter * 7919) % 900000)).slice(0, 6)}`;
}

/** Polls the order view until no handoff is pending, as a client of the API would. */
export async function waitForSettled(po: string, token: string = TOKENS.ops, timeoutMs = 20_000): Promise<OrderView> {
  const deadline = Date.now() + timeoutMs;
  let last: OrderView | null = null;
  while (Date.now() < deadline) {
    const res = await api(`/v1/orders/${po}`, { token });
    if (res.status === 200) {
      last = (await res.json()) as OrderView;
      if (last.pending_handoffs === 0 && last.status !== "received") return last;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`order ${po} did not settle in ${timeoutMs} ms; last view: ${JSON.stringify(last)}`);
}

/** A portal PO body for Acme (CUST-001). */
export function acmePo(po: string, lines = [{ sku: "SKU-4892", qty: 60 }], extra: Record<string, unknown> = {}) {
  return { po_number: po, customer_id: "CUST-001", line_items: lines, order_date: "2024-09-15", ...extra };
}

/** One message handed to a queue consumer by `deliver`. */
export interface QueueDelivery {
  id: string;
  timestamp: Date;
  attempts: number;
  body: unknown;
}

/** What the runtime reports of a delivered batch: which messages were acked or retried. */
export interface QueueOutcome {
  outcome: string;
  ackAll: boolean;
  retryBatch: { retry: boolean; delaySeconds?: number };
  explicitAcks: string[];
  retryMessages: { msgId: string; delaySeconds?: number }[];
}

/**
 * Delivers messages to the Worker's real queue handler through `exports.default.queue()`,
 * which needs the experimental `service_binding_extra_handlers` flag (tests only) and has no
 * published types yet.
 */
export function deliver(queue: string, messages: QueueDelivery[]): Promise<QueueOutcome> {
  const handler = exports.default as unknown as {
    queue(queue: string, messages: QueueDelivery[]): Promise<QueueOutcome>;
  };
  return handler.queue(queue, messages);
}

/** Puts stock back as the seed has it: on hand per warehouse, nothing reserved, no movements. */
export async function resetStock(): Promise<void> {
  const { env } = await import("cloudflare:workers");
  const { default: inventory } = await import("../src/seed/data/inventory.json");
  await env.DB.batch([
    env.DB.prepare("DELETE FROM reservations"),
    env.DB.prepare("DELETE FROM stock_movements"),
    ...inventory.map((i) =>
      env.DB.prepare(
        "UPDATE inventory SET reserved = 0, on_hand = ?, supplier_eta = ?, level_at = NULL WHERE sku = ? AND warehouse = ?",
      ).bind(i.on_hand, i.supplier_eta, i.sku, i.warehouse),
    ),
  ]);
}
