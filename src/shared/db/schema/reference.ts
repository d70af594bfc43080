import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Reference data the orders are priced, checked and shipped against, and the API principals. */

export const customers = sqliteTable("customers", {
  customerId: text("customer_id").primaryKey(),
  name: text("name").notNull(),
  tier: text("tier").notNull(),
  contactEmail: text("contact_email").notNull(),
  ediSenderId: text("edi_sender_id"),
  allowPartialShipment: integer("allow_partial_shipment", { mode: "boolean" }).notNull(),
});

/**
 * API principals; only the SHA-256 of a token is stored. A customer principal always names its
 * customer (fail closed).
 */
export const principals = sqliteTable(
  "principals",
  {
    tokenHash: text("token_hash").primaryKey(),
    principalId: text("principal_id").notNull(),
    kind: text("kind", { enum: ["customer", "ops", "webhook"] }).notNull(),
    customerId: text("customer_id").references(() => customers.customerId),
    name: text("name").notNull(),
    /** The id an operator lists and revokes a token by; the seeded tokens carry their principal id. */
    tokenId: text("token_id"),
    label: text("label"),
    createdAt: text("created_at"),
    /** When the token was revoked: from then on it authenticates nothing. */
    revokedAt: text("revoked_at"),
  },
  (t) => [
    check("customer_principal_has_customer", sql`${t.kind} <> 'customer' OR ${t.customerId} IS NOT NULL`),
    uniqueIndex("principals_token_id").on(t.tokenId),
    index("principals_customer").on(t.customerId),
  ],
);

/**
 * One version of a customer contract: a contract has several, each in force from
 * `effective_from` to `effective_to` (inclusive ISO dates, open when null). `version_id` is
 * `contract_id@effective_from` (empty after the `@` when open), so an import upserts by it.
 */
export const contractVersions = sqliteTable(
  "contract_versions",
  {
    versionId: text("version_id").primaryKey(),
    contractId: text("contract_id").notNull(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.customerId),
    customer: text("customer").notNull(),
    paymentTerms: text("payment_terms").notNull(),
    deliveryWindowDays: integer("delivery_window_days").notNull(),
    responseTimeHours: real("response_time_hours").notNull(),
    effectiveFrom: text("effective_from"),
    effectiveTo: text("effective_to"),
  },
  (t) => [index("contract_versions_customer").on(t.customerId), index("contract_versions_contract").on(t.contractId)],
);

/** The price tiers of one contract version. */
export const contractTiers = sqliteTable(
  "contract_tiers",
  {
    versionId: text("version_id")
      .notNull()
      .references(() => contractVersions.versionId),
    sku: text("sku").notNull(),
    minQty: integer("min_qty").notNull(),
    maxQty: integer("max_qty"),
    price: real("price").notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.sku, t.minQty] })],
);

export const catalog = sqliteTable("catalog", {
  sku: text("sku").primaryKey(),
  description: text("description").notNull(),
  listPrice: real("list_price").notNull(),
  leadTimeDays: integer("lead_time_days").notNull(),
  notes: text("notes").notNull().default(""),
});

export const carriers = sqliteTable("carriers", {
  carrier: text("carrier").primaryKey(),
  transitDays: integer("transit_days").notNull(),
  hubs: text("hubs", { mode: "json" }).$type<string[]>().notNull(),
});

/** The carrier polling cache, refreshed by the scheduled job. */
export const carrierTracking = sqliteTable("carrier_tracking", {
  tracking: text("tracking").primaryKey(),
  carrier: text("carrier").notNull(),
  status: text("status").notNull(),
  estimatedDelivery: text("estimated_delivery"),
  events: text("events", { mode: "json" }).$type<{ timestamp: string; location: string; status: string }[]>().notNull(),
  refreshedAt: text("refreshed_at").notNull(),
});

/** Small facts about the database itself, such as when the seed was loaded. */
export const meta = sqliteTable("meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});
