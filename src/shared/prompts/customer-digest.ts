import type { CatalogItem, Contract, Customer } from "../schemas/reference.schema";

/** What a prompt may say about one customer: its own contract and the catalog parts it lists, nothing of anyone else's. */
export interface CustomerDigest {
  customer: Pick<Customer, "customer_id" | "name" | "tier"> | null;
  contract: Contract | null;
  catalog: readonly CatalogItem[];
}

/**
 * The per-customer part of the stable prefix: the contract's parts and this customer's contract terms.
 * It changes only when those parts or the contract do, so it caches alongside the handbook.
 */
export function digestText(d: CustomerDigest): string {
  const catalog = d.catalog
    .map(
      (c) =>
        `- ${c.sku}: ${c.description}; list price USD ${c.list_price.toFixed(2)}; lead time ${c.lead_time_days} days${c.notes ? `; ${c.notes}` : ""}`,
    )
    .join("\n");
  const customer = d.customer
    ? `# Customer\n${d.customer.name} (${d.customer.customer_id}), service tier: ${d.customer.tier}.`
    : "# Customer\nNot yet identified.";
  const contract = d.contract
    ? [
        `# Contract ${d.contract.contract_id}`,
        `Payment terms: ${d.contract.payment_terms}. ` +
          `SLA: delivery within ${d.contract.sla.delivery_window_days} days of the order date; ` +
          `response within ${d.contract.sla.response_time_hours} hours.`,
        ...d.contract.pricing_tiers.map(
          (t) =>
            `- ${t.sku}: ${t.min_qty}${t.max_qty === null ? "+" : `-${t.max_qty}`} units at USD ${t.price.toFixed(2)}`,
        ),
      ].join("\n")
    : "# Contract\nNo contract on file: catalog list prices and a 14-day delivery window apply.";
  const parts = catalog || "None listed.";
  return `# Catalog (the contract's parts; any other part comes from catalog search)\n${parts}\n\n${customer}\n\n${contract}`;
}
