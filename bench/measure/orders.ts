/** The POs the pipeline and overload runs submit, and reading when each settled from its own event log. */
import type { Client, OrderLine } from "../client";

/** One line of a well-stocked part per customer, so every PO takes the ordinary path through the four agents. */
const MIX: { customer: string; lines: OrderLine[] }[] = [
  { customer: "CUST-001", lines: [{ sku: "SKU-7210", qty: 1 }] },
  { customer: "CUST-002", lines: [{ sku: "SKU-7211", qty: 1 }] },
  { customer: "CUST-001", lines: [{ sku: "SKU-9010", qty: 1 }] },
];

export function orderOf(n: number): { customer: string; lines: OrderLine[] } {
  return MIX[n % MIX.length]!;
}

export interface Submitted {
  po: string;
  customer: string;
  /** Epoch ms the request was sent. */
  sentAt: number;
  status: number;
}

/** The `at` (epoch ms) of the order's last event: with nothing more happening to it, the moment it settled. */
export async function settledAt(client: Client, po: string): Promise<number | null> {
  const res = await client.fetch(`/v1/orders/${po}/events`);
  if (res.status !== 200) return null;
  const { events } = (await res.json()) as { events: { at: string }[] };
  const last = events.at(-1);
  return last ? Date.parse(last.at) : null;
}

/** Runs `work` over `items`, `limit` at a time. */
export async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!);
      }
    }),
  );
  return results;
}

interface Listed {
  po_number: string;
  customer_id: string;
  status: string;
  pending_handoffs: number;
}

/** The POs among the newest 200 that have settled (by the D1 projection the order list reads). */
export async function settledInList(client: Client): Promise<Set<string>> {
  const res = await client.fetch("/v1/orders?limit=200");
  if (res.status !== 200) return new Set();
  const { orders } = (await res.json()) as { orders: Listed[] };
  return new Set(orders.filter((o) => o.pending_handoffs === 0 && o.status !== "received").map((o) => o.po_number));
}
