import { z } from "zod";
import { encodeVector } from "../memory/d1-vector-index";
import { BM25_WEIGHTS, buildFtsMatch } from "../retrieval/fts-query";
import { bumpCatalogVectorsVersion } from "../retrieval/cached-vector-index";
import { namespaceOf, type SearchDocument } from "../retrieval/search-documents";
import { jsonColumns, jsonRowChunks, jsonRowStatements } from "./json-rows";

const DOCUMENT_FIELDS = ["id", "kind", "sku", "contract_id", "customer_id", "title", "text", "code", "body"] as const;

/** Vectors are 3 KB of hex each: chunks near D1's 2 MB string limit keep a 20,000-part import to a few dozen statements. */
const VECTOR_CHUNK_BYTES = 1_500_000;

/** The `meta` key whose value changes with every write to `search_documents` (in the same batch). */
export const SEARCH_INDEX_VERSION = "search_index_version";

/** A statement that marks the search documents (and so FTS5 and its vocabulary) changed, for the batch that changes them. */
export function bumpSearchIndexVersion(db: D1Database): D1PreparedStatement {
  return db
    .prepare("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
    .bind(SEARCH_INDEX_VERSION, crypto.randomUUID());
}

const HEX_DIGITS = new TextEncoder().encode("0123456789abcdef");
const ascii = new TextDecoder();

/** Bytes as hex for `unhex()`, through a typed array: the seed encodes thousands of vectors. */
function hex(bytes: Uint8Array): string {
  const out = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    out[2 * i] = HEX_DIGITS[bytes[i]! >> 4]!;
    out[2 * i + 1] = HEX_DIGITS[bytes[i]! & 15]!;
  }
  return ascii.decode(out);
}

/**
 * The statements that (re)index `documents`, for the caller's `db.batch`: the document rows (FTS5
 * follows by trigger, and only for a row whose text changed), a new `search_index_version` (what
 * searches cache by: `search-snapshot.ts`) and a pending row each for the vector
 * index, which `syncCatalogVectors` embeds and writes after the batch commits (Vectorize, or
 * locally `catalog_vectors` before the next search reads it), so an import or the seed never
 * spends its time embedding thousands of parts nobody has searched for yet.
 */
export function searchIndexWrites(db: D1Database, documents: readonly SearchDocument[]): D1PreparedStatement[] {
  if (documents.length === 0) return [];
  const now = new Date().toISOString();
  return [
    ...jsonRowStatements(
      db,
      `INSERT INTO search_documents (${DOCUMENT_FIELDS.join(", ")}) SELECT ${jsonColumns(DOCUMENT_FIELDS)} FROM json_each(?1) ` +
        "WHERE true ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, sku = excluded.sku, contract_id = excluded.contract_id, " +
        "customer_id = excluded.customer_id, title = excluded.title, text = excluded.text, code = excluded.code, " +
        "body = excluded.body WHERE search_documents.body IS NOT excluded.body OR search_documents.code IS NOT excluded.code " +
        "OR search_documents.title IS NOT excluded.title OR search_documents.text IS NOT excluded.text " +
        "OR search_documents.customer_id IS NOT excluded.customer_id",
      documents.map((d) => ({
        id: d.id,
        kind: d.kind,
        sku: d.sku ?? null,
        contract_id: d.contract_id ?? null,
        customer_id: d.customer_id ?? "",
        title: d.title,
        text: d.text,
        code: d.code,
        body: d.body,
      })),
    ),
    bumpSearchIndexVersion(db),
    ...jsonRowStatements(
      db,
      "INSERT INTO search_vectors_pending (id, queued_at) SELECT value, ?2 FROM json_each(?1) WHERE true " +
        "ON CONFLICT (id) DO UPDATE SET queued_at = excluded.queued_at",
      documents.map((d) => d.id),
      now,
    ),
  ];
}

/**
 * The statements that store the local embedder's vectors of `documents` in `catalog_vectors`
 * (Float32 BLOBs sent as hex through `json_each`, so thousands are a few statements; an identical
 * embedding is not rewritten), drop the vectors of `gone` ids, and mark the table changed.
 */
export function localVectorWrites(
  db: D1Database,
  documents: readonly SearchDocument[],
  vectors: readonly number[][],
  gone: readonly string[],
): D1PreparedStatement[] {
  return [
    ...jsonRowChunks(
      documents.map((d, i) => ({
        id: d.id,
        namespace: namespaceOf(d),
        metadata: JSON.stringify({ kind: d.kind }),
        embedding: hex(encodeVector(vectors[i]!)),
      })),
      VECTOR_CHUNK_BYTES,
    ).map((json) =>
      db
        .prepare(
          "INSERT INTO catalog_vectors (id, namespace, metadata, embedding) SELECT json_extract(value, '$.id'), " +
            "json_extract(value, '$.namespace'), json_extract(value, '$.metadata'), unhex(json_extract(value, '$.embedding')) " +
            "FROM json_each(?1) WHERE true ON CONFLICT (id) DO UPDATE SET namespace = excluded.namespace, " +
            "metadata = excluded.metadata, embedding = excluded.embedding " +
            "WHERE catalog_vectors.embedding IS NOT excluded.embedding OR catalog_vectors.namespace IS NOT excluded.namespace",
        )
        .bind(json),
    ),
    ...jsonRowStatements(db, "DELETE FROM catalog_vectors WHERE id IN (SELECT value FROM json_each(?1))", gone),
    bumpCatalogVectorsVersion(db),
  ];
}

const IdRow = z.object({ id: z.string() });

/**
 * The statement `bm25Candidates` runs (bound `?1` match, `?2` customer, `?3` limit), for a caller that
 * batches it; `bm25Ids` reads its rows. Another customer's passage is filtered in the query
 * (`customer_id` '' is a part), so it never leaves the database.
 */
export function bm25Statement(
  db: D1Database,
  match: string,
  customerId: string | null,
  limit: number,
): D1PreparedStatement {
  return db
    .prepare(
      "SELECT d.id AS id FROM search_fts JOIN search_documents d ON d.rowid = search_fts.rowid " +
        "WHERE search_fts MATCH ?1 AND search_fts.customer_id IN ('', ?2) " +
        `ORDER BY bm25(search_fts, ${BM25_WEIGHTS.code}, ${BM25_WEIGHTS.body}) LIMIT ?3`,
    )
    .bind(match, customerId ?? "", limit);
}

/** The ids of `bm25Statement`'s rows, in order. */
export const bm25Ids = (results: readonly unknown[]): string[] => results.map((r) => IdRow.parse(r).id);

/** BM25 candidates, best first: parts and the asker's own passages only (`bm25Statement`). */
export async function bm25Candidates(
  db: D1Database,
  tokens: readonly string[],
  customerId: string | null,
  limit: number,
): Promise<string[]> {
  const match = buildFtsMatch(tokens);
  if (match === null) return [];
  return bm25Ids((await bm25Statement(db, match, customerId, limit).all()).results);
}

const DocumentRow = z.object({
  id: z.string(),
  kind: z.enum(["product", "contract_passage"]),
  sku: z.string().nullable(),
  contract_id: z.string().nullable(),
  customer_id: z.string(),
  title: z.string(),
  text: z.string(),
  code: z.string(),
  body: z.string(),
});

/** A `search_documents` row as the document it stores. */
export function toSearchDocument(raw: unknown): SearchDocument {
  const r = DocumentRow.parse(raw);
  return {
    id: r.id,
    kind: r.kind,
    ...(r.sku !== null ? { sku: r.sku } : {}),
    ...(r.contract_id !== null ? { contract_id: r.contract_id } : {}),
    ...(r.customer_id !== "" ? { customer_id: r.customer_id } : {}),
    title: r.title,
    text: r.text,
    code: r.code,
    body: r.body,
  };
}

export const SELECT_DOCUMENTS = `SELECT ${DOCUMENT_FIELDS.join(", ")} FROM search_documents`;

/** The documents of these ids (candidates of one query), in one statement per JSON chunk. */
export async function loadSearchDocuments(
  db: D1Database,
  ids: readonly string[],
): Promise<Map<string, SearchDocument>> {
  const out = new Map<string, SearchDocument>();
  for (const json of jsonRowChunks([...new Set(ids)])) {
    const { results } = await db
      .prepare(`${SELECT_DOCUMENTS} WHERE id IN (SELECT value FROM json_each(?1))`)
      .bind(json)
      .all();
    for (const raw of results) {
      const document = toSearchDocument(raw);
      out.set(document.id, document);
    }
  }
  return out;
}

/** Ids waiting for Vectorize since before `queuedBefore`, oldest first. */
export async function pendingVectorIds(db: D1Database, limit: number, queuedBefore: string): Promise<string[]> {
  const { results } = await db
    .prepare("SELECT id FROM search_vectors_pending WHERE queued_at <= ?2 ORDER BY queued_at, id LIMIT ?1")
    .bind(limit, queuedBefore)
    .all();
  return results.map((r) => IdRow.parse(r).id);
}

/** Clears pending rows, but only those not queued again since `queuedBefore` (a newer change waits for its own upsert). */
export function clearPendingVectors(
  db: D1Database,
  ids: readonly string[],
  queuedBefore: string,
): D1PreparedStatement[] {
  return jsonRowStatements(
    db,
    "DELETE FROM search_vectors_pending WHERE id IN (SELECT value FROM json_each(?1)) AND queued_at <= ?2",
    ids,
    queuedBefore,
  );
}
