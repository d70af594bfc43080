import { contractInForce } from "../pricing";
import type { CustomerDigest } from "../prompts/customer-digest";
import type { CatalogItem, Contract, Customer } from "../schemas/reference.schema";
import { type ReferenceFound, readReference } from "./reference-batch";

type Wants = { customers: Set<string>; contracts: Set<string>; skus: Set<string>; carriers: boolean };

/**
 * The supplier's reference data (customers, contract versions, catalog items), each
 * read once for as long as this object lives: a queue consumer makes one per batch, so its
 * handoffs share one read of each customer, contract and SKU instead of one per message, and
 * intake one per request. What is asked in one turn (`Promise.all` of a customer, its contract
 * and the order's SKUs) is read in one D1 batch, one round trip. Stock is not here: it changes
 * under the batch and is always read fresh.
 */
export class ReferenceReads {
  private readonly customers = new Map<string, Promise<Customer | null>>();
  private readonly contracts = new Map<string, Promise<Contract[]>>();
  private readonly items = new Map<string, Promise<CatalogItem | undefined>>();
  /** The batch the asks of this turn join; it is read once the turn's synchronous code has asked for everything. */
  private next: { wants: Wants; found: Promise<ReferenceFound> } | null = null;

  constructor(private readonly db: D1Database) {}

  private ask(add: (wants: Wants) => void): Promise<ReferenceFound> {
    if (!this.next) {
      const wants: Wants = { customers: new Set(), contracts: new Set(), skus: new Set(), carriers: false };
      const found = Promise.resolve().then(() => {
        this.next = null;
        return readReference(this.db, wants);
      });
      this.next = { wants, found };
    }
    add(this.next.wants);
    return this.next.found;
  }

  customer(customerId: string): Promise<Customer | null> {
    return remembered(this.customers, customerId, () =>
      this.ask((w) => w.customers.add(customerId)).then((f) => f.customers.get(customerId) ?? null),
    );
  }

  /** The customer's contract version that prices an order of `onDate` (`contractInForce`). */
  async contract(customerId: string, onDate: string): Promise<Contract | null> {
    const versions = await remembered(this.contracts, customerId, () =>
      this.ask((w) => w.contracts.add(customerId)).then((f) => f.contracts.get(customerId) ?? []),
    );
    return contractInForce(versions, onDate);
  }

  /** The catalog items of these SKUs; the SKUs no earlier call asked for join this turn's batch. */
  async catalog(skus: readonly string[]): Promise<Map<string, CatalogItem>> {
    const wanted = [...new Set(skus)];
    const missing = wanted.filter((sku) => !this.items.has(sku));
    if (missing.length) {
      const read = this.ask((w) => {
        for (const sku of missing) w.skus.add(sku);
      });
      for (const sku of missing)
        this.items.set(
          sku,
          read.then((found) => found.catalog.get(sku)),
        );
    }
    const found = await Promise.all(wanted.map((sku) => this.items.get(sku)!));
    return new Map(found.flatMap((item) => (item ? [[item.sku, item] as const] : [])));
  }

  /**
   * What prompts may say about one customer: its own contract version in force on the order's date
   * and the catalog parts that contract lists (see `CustomerDigest`). The whole catalog (thousands of
   * parts, far past any context window) never enters a prompt: other parts reach a model only as
   * search results retrieved and compressed for the question (DESIGN §8).
   */
  async customerDigest(customerId: string | null, onDate: string): Promise<CustomerDigest> {
    const [customer, contract] = await Promise.all([
      customerId ? this.customer(customerId) : null,
      customerId ? this.contract(customerId, onDate) : null,
    ]);
    const listed = await this.catalog(contract?.pricing_tiers.map((t) => t.sku) ?? []);
    const catalog = [...listed.values()].sort((a, b) => a.sku.localeCompare(b.sku));
    return {
      customer: customer ? { customer_id: customer.customer_id, name: customer.name, tier: customer.tier } : null,
      contract,
      catalog,
    };
  }
}

function remembered<T>(cache: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  let p = cache.get(key);
  if (!p) {
    p = read();
    cache.set(key, p);
  }
  return p;
}

/** `ReferenceReads.customerDigest` for a caller with nothing to share its reads with. */
export function loadCustomerDigest(db: D1Database, customerId: string | null, onDate: string): Promise<CustomerDigest> {
  return new ReferenceReads(db).customerDigest(customerId, onDate);
}
