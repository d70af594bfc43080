import { blob, index, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * What catalog search indexes (DESIGN §8): one row per part (`p:<sku>`) and contract passage
 * (`c:<passage_id>`). `code` is the normalized part number and `body` the normalized text; the FTS5
 * table `search_fts` (migrations 0021 and 0022, hand-written) follows this table through triggers. `customer_id` is '' for a part and
 * the only customer a passage may be shown to otherwise.
 */
export const searchDocuments = sqliteTable(
  "search_documents",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: ["product", "contract_passage"] }).notNull(),
    sku: text("sku"),
    contractId: text("contract_id"),
    customerId: text("customer_id").notNull().default(""),
    title: text("title").notNull(),
    text: text("text").notNull(),
    body: text("body").notNull(),
    code: text("code").notNull().default(""),
  },
  (t) => [index("search_documents_customer").on(t.customerId)],
);

/** The local catalog vector index (the shape `createD1VectorIndex` reads): parts in one namespace, passages per customer. */
export const catalogVectors = sqliteTable(
  "catalog_vectors",
  {
    id: text("id").primaryKey(),
    namespace: text("namespace"),
    metadata: text("metadata").notNull(),
    embedding: blob("embedding", { mode: "buffer" }).$type<Uint8Array>().notNull(),
  },
  (t) => [index("catalog_vectors_namespace").on(t.namespace)],
);

/**
 * Documents changed since Vectorize last took them: written in the same batch as the document,
 * removed only after the upsert succeeded, so a failed upsert is retried by the cron, never lost.
 */
export const searchVectorsPending = sqliteTable("search_vectors_pending", {
  id: text("id").primaryKey(),
  queuedAt: text("queued_at").notNull(),
});
