import { eq, inArray, sql } from "drizzle-orm";
import { contractInForce } from "../pricing";
import { Carrier, CatalogItem, Contract, Customer } from "../schemas/reference.schema";
import { database } from "./client";
import { chunked, rowsPerStatement } from "./d1-limits";
import * as schema from "./schema";

/** A `customers` row as the customer contract. */
export function toCustomer(row: typeof schema.customers.$inferSelect): Customer {
  return Customer.parse({
    customer_id: row.customerId,
    name: row.name,
    tier: row.tier,
    contact_email: row.contactEmail,
    edi_sender_id: row.ediSenderId,
    allow_partial_shipment: row.allowPartialShipment,
  });
}

export async function loadCustomer(db: D1Database, customerId: string): Promise<Customer | null> {
  const row = await database(db)
    .select()
    .from(schema.customers)
    .where(eq(schema.customers.customerId, customerId))
    .get();
  return row ? toCustomer(row) : null;
}

/** The key a contract version is stored under: its contract and the day it starts (empty when open). */
export const contractVersionId = (c: Pick<Contract, "contract_id" | "effective_from">): string =>
  `${c.contract_id}@${c.effective_from ?? ""}`;

/** Contract versions with their tiers, of one customer or (without `customerId`) all of them. */
export async function loadContractVersions(db: D1Database, customerId?: string): Promise<Contract[]> {
  const d = database(db);
  // In the order they were written, so an export lists versions and tiers as they were imported.
  const versions = await d
    .select()
    .from(schema.contractVersions)
    .where(customerId === undefined ? undefined : eq(schema.contractVersions.customerId, customerId))
    .orderBy(sql`rowid`)
    .all();
  if (!versions.length) return [];
  const tiers =
    customerId === undefined
      ? await d.select().from(schema.contractTiers).orderBy(sql`rowid`).all()
      : (
          await Promise.all(
            chunked(
              versions.map((v) => v.versionId),
              rowsPerStatement(1),
            ).map((part) =>
              d
                .select()
                .from(schema.contractTiers)
                .where(inArray(schema.contractTiers.versionId, part))
                .orderBy(sql`rowid`)
                .all(),
            ),
          )
        ).flat();
  return contractsOf(versions, tiers);
}

/** Contract versions (in the order given) with their tiers (each version's in the order given), as contracts. */
export function contractsOf(
  versions: readonly (typeof schema.contractVersions.$inferSelect)[],
  tiers: readonly (typeof schema.contractTiers.$inferSelect)[],
): Contract[] {
  const byVersion = new Map<string, (typeof tiers)[number][]>();
  for (const t of tiers) byVersion.set(t.versionId, [...(byVersion.get(t.versionId) ?? []), t]);
  return versions.map((row) =>
    Contract.parse({
      contract_id: row.contractId,
      customer_id: row.customerId,
      customer: row.customer,
      payment_terms: row.paymentTerms,
      sla: { delivery_window_days: row.deliveryWindowDays, response_time_hours: row.responseTimeHours },
      effective_from: row.effectiveFrom,
      effective_to: row.effectiveTo,
      pricing_tiers: (byVersion.get(row.versionId) ?? []).map((t) => ({
        sku: t.sku,
        min_qty: t.minQty,
        max_qty: t.maxQty,
        price: t.price,
      })),
    }),
  );
}

/** The customer's contract version that prices an order of `onDate` (`contractInForce`). */
export async function loadContract(db: D1Database, customerId: string, onDate: string): Promise<Contract | null> {
  return contractInForce(await loadContractVersions(db, customerId), onDate);
}

/** The catalog items of these SKUs, read in IN-lists D1 accepts (at most 100 bound parameters each). */
export async function loadCatalog(db: D1Database, skus: readonly string[]): Promise<Map<string, CatalogItem>> {
  const d = database(db);
  const rows = (
    await Promise.all(
      chunked([...new Set(skus)], rowsPerStatement(1)).map((part) =>
        d.select().from(schema.catalog).where(inArray(schema.catalog.sku, part)).all(),
      ),
    )
  ).flat();
  return new Map(rows.map((r) => [r.sku, catalogItemOf(r)]));
}

/** A `catalog` row as a catalog item. */
export function catalogItemOf(r: typeof schema.catalog.$inferSelect): CatalogItem {
  return CatalogItem.parse({
    sku: r.sku,
    description: r.description,
    list_price: r.listPrice,
    lead_time_days: r.leadTimeDays,
    notes: r.notes,
  });
}

/** A `carriers` row as a carrier. */
export const carrierOf = (r: typeof schema.carriers.$inferSelect): Carrier =>
  Carrier.parse({ carrier: r.carrier, transit_days: r.transitDays, hubs: r.hubs });

export async function loadCarriers(db: D1Database): Promise<Carrier[]> {
  const rows = await database(db).select().from(schema.carriers).all();
  return rows.map(carrierOf);
}

/** Every customer, for the e-mail channel's sender directory. */
export async function loadCustomers(db: D1Database): Promise<Customer[]> {
  const rows = await database(db).select().from(schema.customers).all();
  return rows.map(toCustomer);
}
