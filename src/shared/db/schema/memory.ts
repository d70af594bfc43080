import { blob, index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Memory (DESIGN §8): past episodes, their local vectors, and learned procedural rules. */

export const proceduralRules = sqliteTable("procedural_rules", {
  ruleId: text("rule_id").primaryKey(),
  exceptionType: text("exception_type").notNull(),
  carrier: text("carrier"),
  hub: text("hub"),
  months: text("months", { mode: "json" }).$type<number[]>(),
  rule: text("rule").notNull(),
  action: text("action", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  confidence: real("confidence").notNull(),
  createdFromEpisodes: text("created_from_episodes", { mode: "json" }).$type<string[]>().notNull(),
  createdAt: text("created_at").notNull(),
  /** A disabled rule no longer fires or is cited (DESIGN §13). */
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
});

export const episodes = sqliteTable(
  "episodes",
  {
    episodeId: text("episode_id").primaryKey(),
    customerId: text("customer_id").notNull(),
    customer: text("customer").notNull(),
    exceptionType: text("exception_type").notNull(),
    carrier: text("carrier"),
    hub: text("hub"),
    month: integer("month"),
    rootCause: text("root_cause"),
    description: text("description").notNull(),
    resolutionType: text("resolution_type").notNull(),
    resolution: text("resolution").notNull(),
    discountPct: real("discount_pct"),
    creditAmount: real("credit_amount"),
    customerSatisfaction: text("customer_satisfaction"),
    lesson: text("lesson"),
    poNumber: text("po_number"),
    exceptionId: text("exception_id"),
    occurredAt: text("occurred_at").notNull(),
  },
  (t) => [index("episodes_customer_type").on(t.customerId, t.exceptionType)],
);

/**
 * The local episodic vector index (DESIGN §2, §8), standing in for Vectorize: one row per
 * episode, `namespace` = customer id (recall reads one namespace only), `metadata` as JSON text
 * so the equality filter runs in SQL, `embedding` as little-endian Float32 bytes (Vectorize's own
 * precision, a quarter of the size of JSON numbers, no parse). Read and written through
 * `src/shared/memory/d1-vector-index.ts`.
 */
export const episodeVectors = sqliteTable(
  "episode_vectors",
  {
    id: text("id").primaryKey(),
    namespace: text("namespace"),
    metadata: text("metadata").notNull(),
    embedding: blob("embedding", { mode: "buffer" }).$type<Uint8Array>().notNull(),
  },
  (t) => [index("episode_vectors_namespace").on(t.namespace)],
);
