import { and, eq, inArray, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Carrier, CatalogItem, Contract, Customer, type StockLevel } from "../schemas/reference.schema";
import { chunked, rowsPerStatement } from "./d1-limits";
import * as schema from "./schema";

/** Drizzle over the `DB` binding; shared modules ask for just this slice of `Env`. */
export function database(db: D1Database) {
  return drizzle(db, { schema });
}

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

/** Stock of these SKUs in every warehouse, read in IN-lists D1 accepts. */
export async function loadStock(db: D1Database, skus: readonly string[]): Promise<StockLevel[]> {
  const d = database(db);
  const rows = (
    await Promise.all(
      chunked([...new Set(skus)], rowsPerStatement(1)).map((part) =>
        d.select().from(schema.inventory).where(inArray(schema.inventory.sku, part)).all(),
      ),
    )
  ).flat();
  return rows.map((r) => ({
    sku: r.sku,
    warehouse: r.warehouse,
    on_hand: r.onHand,
    available: r.onHand - r.reserved,
    supplier_eta: r.supplierEta,
  }));
}

export async function loadCarriers(db: D1Database): Promise<Carrier[]> {
  const rows = await database(db).select().from(schema.carriers).all();
  return rows.map((r) => Carrier.parse({ carrier: r.carrier, transit_days: r.transitDays, hubs: r.hubs }));
}

/** Reservations already held for an order (a redelivered fulfillment handoff reuses them). */
export async function loadReservations(db: D1Database, order: { customer_id: string; po_number: string }) {
  const t = schema.reservations;
  return database(db)
    .select()
    .from(t)
    .where(and(eq(t.customerId, order.customer_id), eq(t.poNumber, order.po_number)))
    .all();
}

/**
 * Reserves stock for an order in one D1 batch (a transaction). The CHECK on `inventory`
 * makes any over-reservation fail the whole batch, so concurrent orders never hold more than
 * is on hand; the caller re-plans from fresh stock and tries again. The reservations go in as
 * multi-row inserts within D1's 100 bound parameters, and stock is raised from them by one
 * statement, so a 500-line order costs a few dozen queries, not a thousand.
 */
export async function reserveStock(
  db: D1Database,
  order: { customer_id: string; po_number: string },
  handoffId: string,
  picks: readonly { sku: string; warehouse: string; qty: number }[],
): Promise<void> {
  if (picks.length === 0) return;
  const d = database(db);
  const now = new Date().toISOString();
  const rows = picks.map((p) => ({
    customerId: order.customer_id,
    poNumber: order.po_number,
    sku: p.sku,
    warehouse: p.warehouse,
    qty: p.qty,
    handoffId,
    createdAt: now,
  }));
  const inserts = chunked(rows, rowsPerStatement(7)).map((part) => d.insert(schema.reservations).values(part));
  // Spelled out: the subquery must name `inventory`'s own row, which drizzle would leave unqualified.
  const held = sql`FROM reservations r WHERE r.customer_id = ${order.customer_id} AND r.po_number = ${order.po_number} AND r.handoff_id = ${handoffId} AND r.sku = inventory.sku AND r.warehouse = inventory.warehouse`;
  const raise = d
    .update(schema.inventory)
    .set({ reserved: sql`reserved + (SELECT sum(r.qty) ${held})` })
    .where(sql`EXISTS (SELECT 1 ${held})`);
  await d.batch([inserts[0]!, ...inserts.slice(1), raise]);
}

/** Every customer, for the e-mail channel's sender directory. */
export async function loadCustomers(db: D1Database): Promise<Customer[]> {
  const rows = await database(db).select().from(schema.customers).all();
  return rows.map(toCustomer);
}

/** The whole catalog, for the stable prefix of model prompts. */
export async function loadFullCatalog(db: D1Database): Promise<CatalogItem[]> {
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
