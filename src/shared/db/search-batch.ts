import { z } from "zod";
import { contractInForce } from "../pricing";
import { CatalogItem, type Contract } from "../schemas/reference.schema";
import { contractsOf } from "./reference-repository";
import { bm25Ids, bm25Statement } from "./search-index-repository";
import { type SearchState, searchStateStatement, toSearchState } from "./search-snapshot";

/** What a search asks D1 once it knows the candidates it can: the vector scan's, and BM25's when remembered. */
export interface SearchAsk {
  /** The FTS5 expression (`buildFtsMatch`) whose BM25 candidates to read, or null for none. */
  match: string | null;
  customerId: string | null;
  limit: number;
  /** SKUs to price (the candidates already known). */
  skus: readonly string[];
  /** The day whose contract version prices the asker's results (`contractInForce`). */
  onDate: string;
}

/**
 * D1's answer: the search state, BM25's ids (none without `match`), and the prices of every SKU it
 * was asked about. Read-only: the searches a collapsed batch answers share one.
 */
export interface SearchReads {
  state: SearchState;
  bm25: readonly string[];
  /** Catalog items of the SKUs asked about that the catalog holds. */
  catalog: ReadonlyMap<string, CatalogItem>;
  /** Every SKU asked about, held or not: a result's SKU outside it still needs its price read. */
  asked: ReadonlySet<string>;
  contract: Contract | null;
}

const PriceRow = z.object({ asked: z.string(), description: z.string().nullable() });

const VersionRow = z.object({
  versionId: z.string(),
  contractId: z.string(),
  customerId: z.string(),
  customer: z.string(),
  paymentTerms: z.string(),
  deliveryWindowDays: z.number(),
  responseTimeHours: z.number(),
  effectiveFrom: z.string().nullable(),
  effectiveTo: z.string().nullable(),
});
const TierRow = z.object({
  versionId: z.string(),
  sku: z.string(),
  minQty: z.number(),
  maxQty: z.number().nullable(),
  price: z.number(),
});

// In the order they were written, as `loadContractVersions` reads them.
const VERSIONS =
  "SELECT version_id AS versionId, contract_id AS contractId, customer_id AS customerId, customer, payment_terms AS paymentTerms, " +
  "delivery_window_days AS deliveryWindowDays, response_time_hours AS responseTimeHours, effective_from AS effectiveFrom, " +
  "effective_to AS effectiveTo FROM contract_versions WHERE customer_id = ?1 ORDER BY rowid";
const TIERS =
  "SELECT version_id AS versionId, sku, min_qty AS minQty, max_qty AS maxQty, price FROM contract_tiers " +
  "WHERE version_id IN (SELECT version_id FROM contract_versions WHERE customer_id = ?1) ORDER BY rowid";

const PRICES =
  "SELECT a.sku AS asked, c.sku, c.description, c.list_price, c.lead_time_days, c.notes FROM (SELECT DISTINCT value AS sku FROM json_each(?1)) a " +
  "LEFT JOIN catalog c ON c.sku = a.sku";

/**
 * Everything a search reads from D1 in one batch (one round trip instead of three to five): the
 * index versions, BM25's candidates, the prices of `skus`, and the asker's contract. The caller
 * checks the versions against what it searched with before trusting the rest.
 */
export async function readSearchBatch(db: D1Database, ask: SearchAsk): Promise<SearchReads> {
  const skus = JSON.stringify([...new Set(ask.skus)]);
  const customer = ask.customerId;
  const statements = [
    searchStateStatement(db),
    db.prepare(PRICES).bind(skus),
    ...(ask.match === null ? [] : [bm25Statement(db, ask.match, customer, ask.limit)]),
    ...(customer === null ? [] : [db.prepare(VERSIONS).bind(customer), db.prepare(TIERS).bind(customer)]),
  ];
  const results = await db.batch(statements);
  const rows = (at: number): unknown[] => results[at]?.results ?? [];
  const contractAt = ask.match === null ? 2 : 3;
  const catalog = new Map<string, CatalogItem>();
  const asked = new Set<string>();
  for (const raw of rows(1)) {
    const row = PriceRow.parse(raw);
    asked.add(row.asked);
    if (row.description !== null) catalog.set(row.asked, CatalogItem.parse(raw));
  }
  return {
    state: toSearchState(rows(0)[0]),
    bm25: ask.match === null ? [] : bm25Ids(rows(2)),
    catalog,
    asked,
    contract:
      customer === null
        ? null
        : contractInForce(
            contractsOf(
              rows(contractAt).map((r) => VersionRow.parse(r)),
              rows(contractAt + 1).map((r) => TierRow.parse(r)),
            ),
            ask.onDate,
          ),
  };
}
