import { eq, inArray } from "drizzle-orm";
import { Carrier, CatalogItem, Contract, Customer } from "../schemas/reference.schema";
import { database } from "./client";
import { chunked, rowsPerStatement } from "./d1-limits";
import * as schema from "./schema";

/** A `customers` row as the customer contract. */
function toCustomer(row: typeof schema.customers.$inferSelect): Customer {
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

/** The customer's contract with its pricing tiers (the latest when there are several). */
export async function loadContract(db: D1Database, customerId: string): Promise<Contract | null> {
  const d = database(db);
  const rows = await d.select().from(schema.contracts).where(eq(schema.contracts.customerId, customerId)).all();
  const row = rows.sort((a, b) => (b.validFrom ?? "").localeCompare(a.validFrom ?? ""))[0];
  if (!row) return null;
  const tiers = await d
    .select()
    .from(schema.pricingTiers)
    .where(eq(schema.pricingTiers.contractId, row.contractId))
    .all();
  return Contract.parse({
    contract_id: row.contractId,
    customer_id: row.customerId,
    customer: row.customer,
    payment_terms: row.paymentTerms,
    sla: { delivery_window_days: row.deliveryWindowDays, response_time_hours: row.responseTimeHours },
    valid_from: row.validFrom,
    valid_to: row.validTo,
    pricing_tiers: tiers.map((t) => ({ sku: t.sku, min_qty: t.minQty, max_qty: t.maxQty, price: t.price })),
  });
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
  return new Map(
    rows.map((r) => [
      r.sku,
      CatalogItem.parse({
        sku: r.sku,
        description: r.description,
        list_price: r.listPrice,
        lead_time_days: r.leadTimeDays,
        notes: r.notes,
      }),
    ]),
  );
}

export async function loadCarriers(db: D1Database): Promise<Carrier[]> {
  const rows = await database(db).select().from(schema.carriers).all();
  return rows.map((r) => Carrier.parse({ carrier: r.carrier, transit_days: r.transitDays, hubs: r.hubs }));
}

/** Every customer, for the e-mail channel's sender directory. */
export async function loadCustomers(db: D1Database): Promise<Customer[]> {
  const rows = await database(db).select().from(schema.customers).all();
  return rows.map(toCustomer);
}

/** The whole catalog, for the stable prefix of model prompts. */
async function loadFullCatalog(db: D1Database): Promise<CatalogItem[]> {
  const rows = await database(db).select().from(schema.catalog).all();
  return rows.map((r) =>
    CatalogItem.parse({
      sku: r.sku,
      description: r.description,
      list_price: r.listPrice,
      lead_time_days: r.leadTimeDays,
      notes: r.notes,
    }),
  );
}

/** What prompts may say about one customer: its own contract and the catalog (see `CustomerDigest`). */
export async function loadCustomerDigest(db: D1Database, customerId: string | null) {
  const [customer, contract, catalog] = await Promise.all([
    customerId ? loadCustomer(db, customerId) : null,
    customerId ? loadContract(db, customerId) : null,
    loadFullCatalog(db),
  ]);
  return {
    customer: customer ? { customer_id: customer.customer_id, name: customer.name, tier: customer.tier } : null,
    contract,
    catalog,
  };
}
