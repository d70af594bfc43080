/**
 * An order's identity (DESIGN §4, §5.1): PO numbers are the buyer's own, so two customers may
 * use the same one, and an order is named by its customer and its PO number together. Every
 * OrderObject is addressed by `orderKey`, and nothing else.
 */

/** Between the customer and the PO number; a customer part never contains it (see `orderKey`). */
export const ORDER_KEY_SEPARATOR = ":";

/**
 * The Durable Object name of a customer's order. Well-formed customer ids ("CUST-" digits) are
 * kept as they are; any other recorded id (a rejected PO's, capped in length) is
 * percent-encoded, which turns a `:` into `%3A`, so the first separator always ends the
 * customer part and no two (customer, PO) pairs share a key.
 */
export function orderKey(customerId: string, poNumber: string): string {
  return `${encodeURIComponent(customerId)}${ORDER_KEY_SEPARATOR}${poNumber}`;
}

/** The key of an order whose view or PO is at hand. */
export function orderKeyOf(order: { readonly customer_id: string; readonly po_number: string }): string {
  return orderKey(order.customer_id, order.po_number);
}
