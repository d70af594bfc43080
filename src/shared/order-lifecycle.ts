import { z } from "zod";

/** Order statuses of DESIGN §5.2. */
export const OrderStatus = z.enum([
  "received",
  "rejected",
  "confirmed",
  "in-production",
  "backordered",
  "awaiting-approval",
  "partially-shipped",
  "shipped",
  "delivered",
  "quality-hold",
  "exception",
  "cancelled",
]);
export type OrderStatus = z.infer<typeof OrderStatus>;

/**
 * The lifecycle as one table: for each status, the statuses it may move to.
 * `exception` and `quality-hold` return to where the order was once resolved, so they
 * may move back to any active status.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  received: ["confirmed", "rejected", "cancelled"],
  rejected: [],
  confirmed: [
    "in-production",
    "backordered",
    "awaiting-approval",
    "partially-shipped",
    "shipped",
    "quality-hold",
    "exception",
    "cancelled",
  ],
  "in-production": [
    "confirmed",
    "backordered",
    "partially-shipped",
    "shipped",
    "quality-hold",
    "exception",
    "cancelled",
  ],
  backordered: ["confirmed", "in-production", "partially-shipped", "shipped", "quality-hold", "exception", "cancelled"],
  "awaiting-approval": ["confirmed", "in-production", "backordered", "exception", "cancelled"],
  // Goods have left: what shipped cannot be cancelled (DESIGN §14), so neither can the order.
  "partially-shipped": ["shipped", "delivered", "quality-hold", "exception"],
  shipped: ["delivered", "exception", "quality-hold"],
  delivered: ["exception"],
  "quality-hold": [
    "confirmed",
    "in-production",
    "backordered",
    "partially-shipped",
    "shipped",
    "exception",
    "cancelled",
  ],
  exception: [
    "confirmed",
    "in-production",
    "backordered",
    "partially-shipped",
    "shipped",
    "delivered",
    "quality-hold",
    "cancelled",
  ],
  cancelled: [],
};

/** Whether the lifecycle allows `from` to move to `to`; staying put is always allowed. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return from === to || ORDER_TRANSITIONS[from].includes(to);
}

/** Statuses after which the pipeline has nothing left to do for the order. */
export const TERMINAL_STATUSES: readonly OrderStatus[] = ["rejected", "cancelled", "delivered"];
