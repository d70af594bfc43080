import { ExpiringCache, type ExpiringCacheOptions } from "../expiring-cache";
import { customersWithPo } from "./order-index-repository";

/**
 * How long an isolate trusts the customers it found for a PO number: a number another customer
 * starts using through another isolate is seen here within this (a 409 instead of the one order);
 * this isolate's own intake forgets the number at once (`forget`).
 */
export const PO_CUSTOMERS_TTL_MS = 5_000;
/** PO numbers one isolate keeps at most; the oldest entry goes first. */
export const PO_CUSTOMERS_ENTRIES = 1_000;

/**
 * The customers using a PO number, for operations' reads that name an order by its number alone
 * (DESIGN §4), so an order view or status query costs no D1 query to find the order's customer.
 * Only numbers in use are kept: an order not projected yet is asked for again each time. Writes
 * (webhooks, amendments) ask D1 itself, `customersWithPo`, so none acts on a few-seconds-old answer.
 */
export class PoCustomersCache {
  private readonly cache: ExpiringCache<string[]>;

  constructor(
    options: ExpiringCacheOptions = {
      ttlMs: PO_CUSTOMERS_TTL_MS,
      maxEntries: PO_CUSTOMERS_ENTRIES,
      now: Date.now,
    },
  ) {
    this.cache = new ExpiringCache(options);
  }

  /** The customers with an order numbered `poNumber`, from D1 at most once per TTL while there are any. */
  async find(db: D1Database, poNumber: string): Promise<string[]> {
    const found = await this.cache.get(poNumber, async (po) => {
      const customers = await customersWithPo(db, po);
      return customers.length ? customers : null;
    });
    return found ?? [];
  }

  /** Drops `poNumber` once this isolate has submitted an order with it: the next read asks D1. */
  forget(poNumber: string): void {
    this.cache.forget((po) => po === poNumber);
  }
}

/** The isolate's cache, used by operations' reads of an order (`visibleOrder`). */
export const poCustomersCache = new PoCustomersCache();
