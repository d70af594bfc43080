import type { Carrier, CatalogItem, Contract, Customer } from "../schemas/reference.schema";
import { chunked, rowsPerStatement } from "./d1-limits";
import { carrierOf, catalogItemOf, contractsOf, toCustomer } from "./reference-repository";
import type * as schema from "./schema";

/** The reference data one D1 batch reads: customers, their contract versions, catalog items, and the carriers. */
export interface ReferenceWants {
  customers: ReadonlySet<string>;
  contracts: ReadonlySet<string>;
  skus: ReadonlySet<string>;
  carriers: boolean;
}

/** What `readReference` found; a key it did not find is absent (a customer without contracts has `[]`). */
export interface ReferenceFound {
  customers: Map<string, Customer>;
  contracts: Map<string, Contract[]>;
  catalog: Map<string, CatalogItem>;
  carriers: Carrier[] | null;
}

// Columns aliased to the Drizzle schema's names, so the rows map as the repository's own reads do.
const CUSTOMER_COLUMNS =
  "customer_id AS customerId, name, tier, contact_email AS contactEmail, edi_sender_id AS ediSenderId, " +
  "allow_partial_shipment AS allowPartialShipment";
const VERSION_COLUMNS =
  "version_id AS versionId, contract_id AS contractId, customer_id AS customerId, customer, payment_terms AS paymentTerms, " +
  "delivery_window_days AS deliveryWindowDays, response_time_hours AS responseTimeHours, " +
  "effective_from AS effectiveFrom, effective_to AS effectiveTo";
const TIER_COLUMNS = "version_id AS versionId, sku, min_qty AS minQty, max_qty AS maxQty, price";
const CATALOG_COLUMNS = "sku, description, list_price AS listPrice, lead_time_days AS leadTimeDays, notes";

type Part = { kind: "customers" | "versions" | "tiers" | "catalog" | "carriers"; stmt: D1PreparedStatement };

const marks = (n: number) => Array.from({ length: n }, () => "?").join(", ");

/** The statements of one `readReference`, each IN-list within D1's bound parameters. */
function referenceParts(db: D1Database, wants: ReferenceWants): Part[] {
  const parts: Part[] = [];
  const inLists = (keys: ReadonlySet<string>) => chunked([...keys], rowsPerStatement(1));
  for (const ids of inLists(wants.customers)) {
    const sql = `SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE customer_id IN (${marks(ids.length)})`;
    parts.push({ kind: "customers", stmt: db.prepare(sql).bind(...ids) });
  }
  for (const ids of inLists(wants.contracts)) {
    const versions = `SELECT ${VERSION_COLUMNS} FROM contract_versions WHERE customer_id IN (${marks(ids.length)}) ORDER BY rowid`;
    // In the order they were written, as `loadContractVersions` reads them; the tiers without a second round trip.
    const tiers =
      `SELECT ${TIER_COLUMNS} FROM contract_tiers WHERE version_id IN ` +
      `(SELECT version_id FROM contract_versions WHERE customer_id IN (${marks(ids.length)})) ORDER BY rowid`;
    parts.push({ kind: "versions", stmt: db.prepare(versions).bind(...ids) });
    parts.push({ kind: "tiers", stmt: db.prepare(tiers).bind(...ids) });
  }
  for (const skus of inLists(wants.skus)) {
    const sql = `SELECT ${CATALOG_COLUMNS} FROM catalog WHERE sku IN (${marks(skus.length)})`;
    parts.push({ kind: "catalog", stmt: db.prepare(sql).bind(...skus) });
  }
  if (wants.carriers)
    parts.push({
      kind: "carriers",
      stmt: db.prepare("SELECT carrier, transit_days AS transitDays, hubs FROM carriers"),
    });
  return parts;
}

/** The statements of a reference read and how to read their results, for a caller that batches them with its own. */
export interface BatchedRead<T> {
  statements: D1PreparedStatement[];
  decode(results: readonly D1Result[]): T;
}

/**
 * Customers, contract versions with their tiers, catalog items and carriers as one D1 batch's
 * statements, read as `loadCustomer`, `loadContractVersions`, `loadCatalog` and `loadCarriers`
 * read them: what an order's intake and each agent step need at once.
 */
export function referenceQuery(db: D1Database, wants: ReferenceWants): BatchedRead<ReferenceFound> {
  const parts = referenceParts(db, wants);
  return {
    statements: parts.map((p) => p.stmt),
    decode(results) {
      const found: ReferenceFound = { customers: new Map(), contracts: new Map(), catalog: new Map(), carriers: null };
      const versions: (typeof schema.contractVersions.$inferSelect)[] = [];
      const tiers: (typeof schema.contractTiers.$inferSelect)[] = [];
      parts.forEach(({ kind }, i) => {
        const rows = results[i]?.results ?? [];
        if (kind === "customers")
          for (const row of rows as (typeof schema.customers.$inferSelect & { allowPartialShipment: unknown })[])
            found.customers.set(
              row.customerId,
              toCustomer({ ...row, allowPartialShipment: Boolean(row.allowPartialShipment) }),
            );
        else if (kind === "versions") versions.push(...(rows as typeof versions));
        else if (kind === "tiers") tiers.push(...(rows as typeof tiers));
        else if (kind === "catalog")
          for (const row of rows as (typeof schema.catalog.$inferSelect)[])
            found.catalog.set(row.sku, catalogItemOf(row));
        else
          found.carriers = (rows as { carrier: string; transitDays: number; hubs: string }[]).map((r) =>
            carrierOf({ ...r, hubs: JSON.parse(r.hubs) as string[] }),
          );
      });
      for (const id of wants.contracts) found.contracts.set(id, []);
      for (const contract of contractsOf(versions, tiers)) found.contracts.get(contract.customer_id)?.push(contract);
      return found;
    },
  };
}

/** `referenceQuery` on its own: one D1 round trip (none when nothing is wanted). */
export async function readReference(db: D1Database, wants: ReferenceWants): Promise<ReferenceFound> {
  const query = referenceQuery(db, wants);
  return query.decode(query.statements.length ? await db.batch(query.statements) : []);
}
