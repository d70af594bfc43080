import type { CatalogItem, Contract, Customer, PricingTier } from "../schemas/reference.schema";
import type { ContractPassage, PassageTopic } from "./catalog.schema";

/**
 * A contract's passages (pricing terms, payment, SLA, returns, substitutions), written from the
 * customer's own contract and customer record so what retrieval answers agrees with what pricing
 * and validation enforce: the tiers, "Net 45", the delivery window and the partial-shipment consent.
 * Returns and restocking are by service tier, the supplier's standard schedule.
 */

const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

const RETURNS_BY_TIER: Record<string, { days: number; restocking: string }> = {
  strategic: { days: 60, restocking: "no restocking fee" },
  key: { days: 45, restocking: "a 10% restocking fee" },
  standard: { days: 30, restocking: "a 15% restocking fee" },
};

function tierText(tier: PricingTier): string {
  const range = tier.max_qty === null ? `${tier.min_qty} or more units` : `${tier.min_qty}-${tier.max_qty} units`;
  return `${usd(tier.price)} each for ${tier.min_qty === 1 && tier.max_qty === null ? "any quantity" : range}`;
}

function pricingText(contract: Contract, catalog: ReadonlyMap<string, CatalogItem>): string {
  const skus = [...new Set(contract.pricing_tiers.map((t) => t.sku))];
  const lines = skus.map((sku) => {
    const tiers = contract.pricing_tiers.filter((t) => t.sku === sku).sort((a, b) => a.min_qty - b.min_qty);
    const item = catalog.get(sku);
    const name = item ? `${sku} ${item.description} (list ${usd(item.list_price)})` : sku;
    return `${name}: ${tiers.map(tierText).join("; ")}.`;
  });
  return [
    `Contract pricing for ${contract.customer} under ${contract.contract_id}.`,
    ...lines,
    "The tier is chosen by the quantity on each order line. Parts not listed are billed at catalog list price.",
  ].join(" ");
}

function netDays(terms: string): number | null {
  const m = /net\s*(\d+)/i.exec(terms);
  return m ? Number(m[1]) : null;
}

export function buildContractPassages(
  contracts: readonly Contract[],
  customers: readonly Customer[],
  catalogItems: readonly CatalogItem[],
): ContractPassage[] {
  const catalog = new Map(catalogItems.map((i) => [i.sku, i]));
  return contracts.flatMap((contract) => {
    const customer = customers.find((c) => c.customer_id === contract.customer_id);
    const tier = customer?.tier ?? "standard";
    const returns = RETURNS_BY_TIER[tier] ?? RETURNS_BY_TIER.standard!;
    const days = netDays(contract.payment_terms);
    const texts: Record<PassageTopic, [string, string]> = {
      pricing: ["Pricing terms", pricingText(contract, catalog)],
      payment: [
        "Payment terms",
        `Payment terms for ${contract.customer}: ${contract.payment_terms}` +
          (days === null ? "." : `, payment due ${days} days from the invoice date.`) +
          " Invoices are issued when goods ship; a partial shipment is invoiced for what shipped." +
          " Overdue balances may place new orders on credit hold.",
      ],
      sla: [
        "Service level (SLA)",
        `${contract.customer} (${tier} account): orders are delivered within ${contract.sla.delivery_window_days} days` +
          ` of acceptance, and order questions and exceptions are answered within ${contract.sla.response_time_hours}` +
          " hours. A delivery expected past the window is flagged as an SLA risk and the customer is told before it is late.",
      ],
      returns: [
        "Returns policy",
        `${contract.customer} may return unused parts in original packaging within ${returns.days} days of delivery` +
          ` with a return authorization (RMA), with ${returns.restocking}. Made-to-order and custom-built parts are not returnable.` +
          " Defective parts are replaced or credited under warranty regardless of the return window.",
      ],
      substitutions: [
        "Substitutions and partial shipments",
        customer?.allow_partial_shipment === false
          ? `${contract.customer} orders ship complete: no partial shipments and no substitutions without written` +
            " approval from the buyer. An order that cannot ship complete is held and the buyer is asked."
          : `${contract.customer} accepts partial shipments. An equivalent part (same size, material and pressure` +
            " rating or better) may be substituted for an out-of-stock part with notice to the buyer, at the contract price" +
            " of the part ordered or lower.",
      ],
    };
    return (Object.entries(texts) as [PassageTopic, [string, string]][]).map(([topic, [title, text]]) => ({
      passage_id: `${contract.contract_id}-${topic}`,
      contract_id: contract.contract_id,
      customer_id: contract.customer_id,
      topic,
      title: `${contract.customer}: ${title}`,
      text,
    }));
  });
}
