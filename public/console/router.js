// Hash routes: #/dashboard (the default), #/escalations, #/orders and #/orders/PO?customer_id=ID.

/** @typedef {{ name: "dashboard" | "escalations" | "orders", po?: string, customerId?: string | null }} Route */

/** @param {string} hash @returns {Route} */
export function parseRoute(hash) {
  const [path = "", query = ""] = hash.replace(/^#/, "").split("?");
  const parts = path.split("/").filter(Boolean);
  if (parts[0] === "escalations") return { name: "escalations" };
  if (parts[0] === "orders") {
    if (parts.length < 2) return { name: "orders" };
    const customerId = new URLSearchParams(query).get("customer_id");
    try {
      return { name: "orders", po: decodeURIComponent(parts.slice(1).join("/")), customerId: customerId || null };
    } catch {
      // A malformed escape (#/orders/%E0) would throw out of render() and leave the view blank.
      return { name: "orders" };
    }
  }
  return { name: "dashboard" };
}

/** @param {string} po @param {string | null} [customerId] */
export function orderHash(po, customerId) {
  return `#/orders/${encodeURIComponent(po)}${customerId ? `?customer_id=${encodeURIComponent(customerId)}` : ""}`;
}
