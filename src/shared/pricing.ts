import { cents } from "./money";
import type { CatalogItem, Contract, PricingTier } from "./schemas/reference.schema";

/** A priced order line: what the buyer asked, what the contract and catalog say, what we charge. */
export interface PricedLine {
  sku: string;
  description: string;
  qty: number;
  /** The buyer's unit price, or the price we charge when the buyer named none. */
  unit_price: number;
  /** The contract tier price for this quantity, or null without an active contract for the SKU. */
  contract_price: number | null;
  list_price: number;
  /** The price the order is charged at: the contract price, else the list price. */
  charged_price: number;
  price_source: "contract" | "list";
  price_mismatch: boolean;
}

/** Whether a contract is in force on a business date (ISO `YYYY-MM-DD`). */
export function isContractActive(contract: Contract, onDate: string): boolean {
  if (contract.effective_from && onDate < contract.effective_from) return false;
  if (contract.effective_to && onDate > contract.effective_to) return false;
  return true;
}

/**
 * The version of a customer's contracts that prices an order of `onDate`: of those in force, the
 * one that started last; when none is, the latest version, so that intake can say the contract is
 * not in force that day rather than that there is none.
 */
export function contractInForce(versions: readonly Contract[], onDate: string): Contract | null {
  const latestFirst = [...versions].sort((a, b) => (b.effective_from ?? "").localeCompare(a.effective_from ?? ""));
  return latestFirst.find((v) => isContractActive(v, onDate)) ?? latestFirst[0] ?? null;
}

/** The contract tier whose inclusive `[min_qty, max_qty]` holds `qty`, if any. */
export function findTier(tiers: readonly PricingTier[], sku: string, qty: number): PricingTier | undefined {
  return tiers.find((t) => t.sku === sku && qty >= t.min_qty && (t.max_qty === null || qty <= t.max_qty));
}

/**
 * Prices one line by DESIGN §6: the active contract's tier for the quantity, else the list
 * price. A buyer's price that differs from that price marks a mismatch.
 */
export function priceLine(
  line: { sku: string; qty: number; unit_price?: number | undefined; description?: string | undefined },
  item: CatalogItem,
  contract: Contract | null,
  orderDate: string,
): PricedLine {
  const tier =
    contract && isContractActive(contract, orderDate)
      ? findTier(contract.pricing_tiers, line.sku, line.qty)
      : undefined;
  const charged = tier ? tier.price : item.list_price;
  const buyerPrice = line.unit_price;
  return {
    sku: line.sku,
    description: line.description ?? item.description,
    qty: line.qty,
    unit_price: buyerPrice ?? charged,
    contract_price: tier ? tier.price : null,
    list_price: item.list_price,
    charged_price: charged,
    price_source: tier ? "contract" : "list",
    price_mismatch: buyerPrice !== undefined && cents(buyerPrice) !== cents(charged),
  };
}

/** The order total at the prices charged. */
export function orderTotal(lines: readonly Pick<PricedLine, "qty" | "charged_price">[]): number {
  return cents(lines.reduce((sum, l) => sum + l.qty * l.charged_price, 0));
}
