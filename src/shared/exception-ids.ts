import type { OrderEventBody } from "./schemas/order-event.schema";

/**
 * The id of an order's n-th exception. It names the customer too, so it is unique across all
 * orders (two customers may use one PO number), and so are the escalations and episodes
 * named after it.
 */
export const exceptionId = (order: { readonly customer_id: string; readonly po_number: string }, n: number) =>
  `${order.customer_id}-${order.po_number}-EX${n}`;

/**
 * Gives the exceptions a decision opens the next free ids of the order, and points the
 * decision's resolutions and escalations at them. An agent numbers exceptions from the view
 * it read; a webhook may have opened one since, and the OrderObject, the single writer, has
 * the last word on numbering.
 */
export function renumberExceptions(
  order: { readonly customer_id: string; readonly po_number: string },
  bodies: readonly OrderEventBody[],
  existing: readonly string[],
): OrderEventBody[] {
  const taken = new Set(existing);
  const renamed = new Map<string, string>();
  let next = existing.length + 1;
  for (const b of bodies) {
    if (b.type !== "exception.opened" || !taken.has(b.data.exception_id)) {
      if (b.type === "exception.opened") taken.add(b.data.exception_id);
      continue;
    }
    while (taken.has(exceptionId(order, next))) next++;
    const fresh = exceptionId(order, next);
    taken.add(fresh);
    renamed.set(b.data.exception_id, fresh);
  }
  if (renamed.size === 0) return [...bodies];
  const rename = (id: string | null) => (id !== null ? (renamed.get(id) ?? id) : id);
  return bodies.map((b): OrderEventBody => {
    switch (b.type) {
      case "exception.opened":
        return { ...b, data: { ...b.data, exception_id: rename(b.data.exception_id)! } };
      case "exception.resolved":
        return {
          ...b,
          data: { resolution: { ...b.data.resolution, exception_id: rename(b.data.resolution.exception_id)! } },
        };
      case "escalation.opened": {
        const exception_id = rename(b.data.exception_id);
        const escalation_id =
          b.data.exception_id && exception_id !== b.data.exception_id ? `ESC-${exception_id}` : b.data.escalation_id;
        return { ...b, data: { ...b.data, exception_id, escalation_id } };
      }
      default:
        return b;
    }
  });
}
