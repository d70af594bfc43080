import { eq } from "drizzle-orm";
import { hashToken } from "../shared/db/principals-repository";
import { contractsKind } from "../shared/admin/contracts-kind";
import { chunked, rowsPerStatement } from "../shared/db/d1-limits";
import { orderKeyOf } from "../shared/order-key";
import { database } from "../shared/db/client";
import * as schema from "../shared/db/schema";
import { carriersKind } from "../shared/admin/carriers-kind";
import { catalogKind } from "../shared/admin/catalog-kind";
import { customersKind } from "../shared/admin/customers-kind";
import { inventoryKind } from "../shared/admin/inventory-kind";
import { rulesKind } from "../shared/admin/rules-kind";
import { tradingPartnersKind } from "../shared/admin/trading-partners-kind";
import {
  CarrierImportItem,
  CatalogImportItem,
  CustomerImportItem,
  InventoryImportItem,
  RuleImportItem,
  TradingPartnerImportItem,
} from "../shared/schemas/admin-items.schema";
import { Contract } from "../shared/schemas/reference.schema";
import { searchIndexWrites } from "../shared/db/search-index-repository";
import { ContractPassage } from "../shared/retrieval/catalog.schema";
import { passageDocument } from "../shared/retrieval/search-documents";
import { selectCatalogVectors, syncCatalogVectors } from "../shared/retrieval/catalog-vectors";
import carrierTrackingData from "./data/carrier-tracking.json";
import carriersData from "./data/carriers.json";
import catalogData from "./data/catalog.json";
import catalogGeneratedData from "./data/catalog-generated.json";
import contractPassagesData from "./data/contract-passages.json";
import inventoryGeneratedData from "./data/inventory-generated.json";
import contractsData from "./data/contracts.json";
import customersData from "./data/customers.json";
import episodesData from "./data/episodes.json";
import inventoryData from "./data/inventory.json";
import ordersData from "./data/orders.json";
import rulesData from "./data/procedural-rules.json";
import { seedOrderHistory, type SeedOrder } from "./seed-orders";
import { rememberStoredEpisodes } from "../shared/memory/episode-store";
import { episodicMemoryFor } from "../shared/memory/memory-backend";

/** Local development principals (DESIGN §4); only their hashes are stored. */
const DEV_PRINCIPALS = [
  { token: "dev-ops-token", principalId: "ops", kind: "ops", customerId: null, name: "Operations" },
  {
    token: "dev-acme-token",
    principalId: "acme-portal",
    kind: "customer",
    customerId: "CUST-001",
    name: "Acme Industrial portal",
  },
  {
    token: "dev-beta-token",
    principalId: "beta-portal",
    kind: "customer",
    customerId: "CUST-002",
    name: "Beta Industrial portal",
  },
  {
    token: "dev-consolidated-token",
    principalId: "consolidated-portal",
    kind: "customer",
    customerId: "CUST-003",
    name: "Consolidated Mfg portal",
  },
] as const;

const SEEDED_KEY = "seeded_at";

/** Parsed seed reference data; zod checks the project's own copy as it would any input. */
function seedReference() {
  const customers = customersData.map((c) => CustomerImportItem.parse(c));
  const seedSkus = new Set(catalogData.map((c) => c.sku));
  // The generated catalog (`npm run catalog:generate`) around the five seed parts, which keep their own data.
  const generated = catalogGeneratedData
    .filter((c) => !seedSkus.has(c.sku))
    .map(({ sku, description, list_price, lead_time_days, notes }) => ({
      sku,
      description,
      list_price,
      lead_time_days,
      notes,
    }));
  return {
    customers,
    contracts: contractsData.map((c) => Contract.parse(c)),
    catalog: [...catalogData, ...generated].map((c) => CatalogImportItem.parse(c)),
    passages: contractPassagesData.map((p) => ContractPassage.parse(p)),
    carriers: carriersData.map((c) => CarrierImportItem.parse(c)),
    // The seed's levels have no time: any dated level (an ERP event, an import) supersedes them.
    inventory: [...inventoryData, ...inventoryGeneratedData.filter((i) => !seedSkus.has(i.sku))].map((i) =>
      InventoryImportItem.parse({ ...i, as_of: null }),
    ),
    rules: rulesData.map((r) => RuleImportItem.parse(r)),
    tradingPartners: customers.flatMap((c) =>
      c.edi_sender_id
        ? [
            TradingPartnerImportItem.parse({
              partner_id: c.edi_sender_id,
              customer_id: c.customer_id,
              isa_id: c.edi_sender_id,
            }),
          ]
        : [],
    ),
  };
}

/**
 * When a seed episode happened. The seed gives only the year (in its id, OE-2024-…) and, for
 * some, the month; an episode is dated the first of that month, or of the year without one,
 * so that retention (180 days) counts from the episode's own time, not from when it was seeded.
 */
function seedEpisodeDate(episodeId: string, month: number | null): string {
  const year = /^OE-(\d{4})-/.exec(episodeId)?.[1] ?? "2024";
  return `${year}-${String(month ?? 1).padStart(2, "0")}-01T00:00:00.000Z`;
}

/** Rows in multi-row inserts that bind at most D1's 100 parameters each (one per column of a row). */
function inChunks<T extends object>(rows: readonly T[]): T[][] {
  return chunked(rows, rowsPerStatement(Math.max(1, ...rows.map((r) => Object.keys(r).length))));
}

/** Loads reference data and memory into D1. Every insert ignores rows already there. */
async function seedTables(db: D1Database): Promise<void> {
  const d = database(db);
  const ref = seedReference();
  const now = new Date().toISOString();
  const principalRows = await Promise.all(
    DEV_PRINCIPALS.map(async (p) => ({
      tokenHash: await hashToken(p.token),
      principalId: p.principalId,
      kind: p.kind,
      customerId: p.customerId,
      name: p.name,
      tokenId: p.principalId,
      label: p.name,
      createdAt: now,
    })),
  );
  const episodeRows = episodesData.map((e) => ({
    episodeId: e.episode_id,
    customerId: e.customer_id,
    customer: e.customer,
    exceptionType: e.exception_type,
    carrier: "carrier" in e ? e.carrier : null,
    hub: "hub" in e ? e.hub : null,
    month: "month" in e ? e.month : null,
    rootCause: e.root_cause,
    description: e.description,
    resolutionType: e.resolution_type,
    resolution: e.resolution,
    discountPct: "discount_pct" in e ? e.discount_pct : null,
    creditAmount: "credit_amount" in e ? e.credit_amount : null,
    customerSatisfaction: e.customer_satisfaction,
    lesson: e.lesson,
    poNumber: null,
    exceptionId: null,
    occurredAt: seedEpisodeDate(e.episode_id, "month" in e ? (e.month ?? null) : null),
  }));
  const sql = (query: { toSQL(): { sql: string; params: unknown[] } }) => {
    const { sql, params } = query.toSQL();
    return db.prepare(sql).bind(...params);
  };
  // Reference data goes through the admin import kinds' own writes (DESIGN §13): one path whatever the source.
  const imported = await Promise.all([
    customersKind.writes(db, ref.customers),
    catalogKind.writes(db, ref.catalog),
    inventoryKind.writes(db, ref.inventory),
    carriersKind.writes(db, ref.carriers),
    tradingPartnersKind.writes(db, ref.tradingPartners),
    rulesKind.writes(db, ref.rules),
    contractsKind.writes(db, ref.contracts),
    // Contract passages are seed data for search, not an import kind (DESIGN §13 lists none): indexed here.
    searchIndexWrites(db, ref.passages.map(passageDocument)),
  ]);
  const [customers, ...others] = imported;
  await db.batch([
    ...customers,
    ...others.flat(),
    ...inChunks(principalRows).map((rows) => sql(d.insert(schema.principals).values(rows).onConflictDoNothing())),
    ...inChunks(
      carrierTrackingData.map((t) => ({
        tracking: t.tracking,
        carrier: t.carrier,
        status: t.status,
        estimatedDelivery: t.estimated_delivery,
        events: t.events,
        refreshedAt: now,
      })),
    ).map((rows) => sql(d.insert(schema.carrierTracking).values(rows).onConflictDoNothing())),
    ...inChunks(episodeRows).map((rows) => sql(d.insert(schema.episodes).values(rows).onConflictDoNothing())),
  ]);
}

// ---- Episodic memory (DESIGN §8) ----------------------------------------------------------

const EPISODE_MEMORY_SEEDED_KEY = "episode_memory_seeded_at";

/**
 * Remembers the seed episodes, as stored in D1, in the local vector index. Local backend only:
 * production fills Vectorize through the same `remember` as every new episode. Upserts by id, so
 * a repeat (or two isolates at once) is harmless; its own marker skips the work once done.
 */
async function seedEpisodeMemory(env: Env): Promise<void> {
  if (env.MEMORY_BACKEND !== "local") return;
  const d = database(env.DB);
  if (await d.select().from(schema.meta).where(eq(schema.meta.key, EPISODE_MEMORY_SEEDED_KEY)).get()) return;
  await rememberStoredEpisodes(
    env.DB,
    episodicMemoryFor(env),
    episodesData.map((e) => ({ customer_id: e.customer_id, episode_id: e.episode_id })),
  );
  await d
    .insert(schema.meta)
    .values({ key: EPISODE_MEMORY_SEEDED_KEY, value: new Date().toISOString() })
    .onConflictDoNothing();
}

// -------------------------------------------------------------------------------------------

/** Records each seed order on its OrderObject with its history; objects that exist are left alone. */
async function seedOrders(env: Env): Promise<number> {
  const ref = seedReference();
  const catalog = new Map(ref.catalog.map((c) => [c.sku, c]));
  const warehouseOf = (sku: string) => inventoryData.find((i) => i.sku === sku)?.warehouse ?? "Chicago, IL";
  let imported = 0;
  for (const order of ordersData as SeedOrder[]) {
    const customer = ref.customers.find((c) => c.customer_id === order.customer_id)!;
    const contract = ref.contracts.find((c) => c.customer_id === order.customer_id) ?? null;
    const history = seedOrderHistory(order, { customer, contract, catalog, carriers: ref.carriers, warehouseOf });
    if (await env.ORDER.getByName(orderKeyOf(order)).importHistory(history)) imported++;
  }
  return imported;
}

/**
 * Seeds an empty database and the seed orders. Safe to run again and from several isolates at
 * once: the kinds' writes are upserts of the same seed rows, objects ignore a second import, and the
 * marker is written last.
 */
export async function seedDatabase(env: Env): Promise<{ seeded: boolean; orders: number }> {
  const d = database(env.DB);
  const marker = await d.select().from(schema.meta).where(eq(schema.meta.key, SEEDED_KEY)).get();
  if (marker) {
    // A database seeded before the local vector index existed gets its episode vectors now.
    await seedEpisodeMemory(env);
    return { seeded: false, orders: 0 };
  }
  await seedTables(env.DB);
  // On Cloudflare this is the first Vectorize sweep; locally the first search embeds the catalog.
  if (selectCatalogVectors(env).kind === "cloudflare") await syncCatalogVectors(env);
  await seedEpisodeMemory(env);
  const orders = await seedOrders(env);
  await d.insert(schema.meta).values({ key: SEEDED_KEY, value: new Date().toISOString() }).onConflictDoNothing();
  console.log(JSON.stringify({ msg: "seeded database", orders }));
  return { seeded: true, orders };
}
