import { z } from "zod";
import { CATALOG_VECTORS_VERSION } from "../retrieval/cached-vector-index";
import type { Vocabulary } from "../retrieval/normalize";
import type { SearchDocument } from "../retrieval/search-documents";
import { SEARCH_INDEX_VERSION, SELECT_DOCUMENTS, toSearchDocument } from "./search-index-repository";

/** What one search must know before it can trust what the isolate holds: both versions, and whether vectors wait. */
export interface SearchState {
  indexVersion: string | null;
  vectorsVersion: string | null;
  vectorsPending: boolean;
}

const StateRow = z.object({
  index_version: z.string().nullable(),
  vectors_version: z.string().nullable(),
  pending: z.number(),
});

/** The statement `readSearchState` runs, for a caller that batches it with others (`toSearchState` reads its row). */
export function searchStateStatement(db: D1Database): D1PreparedStatement {
  return db
    .prepare(
      "SELECT (SELECT value FROM meta WHERE key = ?1) AS index_version, (SELECT value FROM meta WHERE key = ?2) AS vectors_version, " +
        "EXISTS (SELECT 1 FROM search_vectors_pending) AS pending",
    )
    .bind(SEARCH_INDEX_VERSION, CATALOG_VECTORS_VERSION);
}

/** The row of `searchStateStatement` as the state it says. */
export function toSearchState(raw: unknown): SearchState {
  const row = StateRow.parse(raw);
  return { indexVersion: row.index_version, vectorsVersion: row.vectors_version, vectorsPending: row.pending !== 0 };
}

/** One D1 round trip: the two versions and whether any document waits for its vector. */
export async function readSearchState(db: D1Database): Promise<SearchState> {
  return toSearchState(await searchStateStatement(db).first());
}

/** Every search document and FTS5's vocabulary, as of one `search_index_version`. */
export interface SearchSnapshot {
  version: string;
  vocabulary: Vocabulary;
  documents: ReadonlyMap<string, SearchDocument>;
  /** FTS5's BM25 answers on this version, by `bm25Key`: the same query answers the same until the version changes. */
  bm25: Map<string, readonly string[]>;
}

/** Answers one snapshot remembers at most (about 1 KB each), so an isolate reading endless novel queries stays bounded. */
const BM25_ANSWERS_MAX = 2_000;

/** The key of one BM25 question: the FTS5 expression, the asker (their passages are candidates) and the limit. */
export const bm25Key = (match: string, customerId: string | null, limit: number): string =>
  JSON.stringify([match, customerId, limit]);

/** Remembers BM25's answer on `snapshot`, read in the same D1 batch that found its version current. */
export function rememberBm25(snapshot: SearchSnapshot, key: string, ids: readonly string[]): void {
  if (snapshot.bm25.size >= BM25_ANSWERS_MAX) snapshot.bm25.clear();
  snapshot.bm25.set(key, ids);
}

// Per isolate: the last snapshot read. The version is a fresh UUID per write, so two databases
// (tests, a reset) never share it; a database without a version is read afresh every time.
let held: SearchSnapshot | null = null;

const VocabRow = z.object({ term: z.string(), doc: z.number() });

/** The snapshot the isolate holds, whatever its version: a search may start on it and check the version after. */
export const heldSearchSnapshot = (): SearchSnapshot | null => held;

/**
 * The documents and vocabulary of `version`: from the isolate when it holds that version, else
 * read in one D1 batch (thousands of small rows, once per change instead of per search: the
 * vocabulary alone was a fifth of a search's time). A database indexed before versions were
 * written has none: its vocabulary is read each time and no documents are held (the caller reads
 * its candidates), as before.
 */
export async function loadSearchSnapshot(db: D1Database, version: string | null): Promise<SearchSnapshot> {
  if (held !== null && version !== null && held.version === version) return held;
  const vocab = db.prepare("SELECT term, doc FROM search_vocab");
  const [words, documents] = await db.batch(version === null ? [vocab] : [vocab, db.prepare(SELECT_DOCUMENTS)]);
  const snapshot: SearchSnapshot = {
    version: version ?? "",
    vocabulary: new Map((words?.results ?? []).map((r) => VocabRow.parse(r)).map((r) => [r.term, r.doc])),
    documents: new Map((documents?.results ?? []).map(toSearchDocument).map((d) => [d.id, d])),
    bm25: new Map(),
  };
  if (version !== null) held = snapshot;
  return snapshot;
}
