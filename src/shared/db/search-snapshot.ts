import { z } from "zod";
import { CATALOG_VECTORS_VERSION } from "../retrieval/cached-vector-index";
import type { QueryTokens, Vocabulary } from "../retrieval/normalize";
import type { RankedHit } from "../retrieval/rerank";
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
  /**
   * The local vectors' answers (`vectorCandidates`) on this vocabulary, by `vectorsKey`, which holds the
   * vectors' version: the query embeds the same and the scan finds the same until either changes.
   */
  vectors: Map<string, readonly string[]>;
  /** Queries' tokens (`normalizeQuery`) on this vocabulary, by query text. */
  queries: Map<string, QueryTokens>;
  /** Rankings for askers without a contract, by `rankedKey`: the same candidates rank the same (prices are read apart). */
  ranked: Map<string, readonly RankedHit[]>;
}

/** Answers one snapshot remembers at most in each map (about 1 KB each), so an isolate reading endless novel queries stays bounded. */
const ANSWERS_MAX = 2_000;

/** The key of one BM25 question: the FTS5 expression, the asker (their passages are candidates) and the limit. */
export const bm25Key = (match: string, customerId: string | null, limit: number): string =>
  JSON.stringify([match, customerId, limit]);

/** The key of one local vector question: the vectors' version, the query as asked, the asker and the limit. */
export const vectorsKey = (vectorsVersion: string, query: string, customerId: string | null, limit: number): string =>
  JSON.stringify([vectorsVersion, query, customerId, limit]);

/** The key of one ranking for an asker without a contract: the vectors' version, the query as asked, the mode and k. */
export const rankedKey = (vectorsVersion: string | null, query: string, mode: string, k: number): string =>
  JSON.stringify([vectorsVersion, query, mode, k]);

/**
 * Remembers an answer in one of a snapshot's maps. A retriever's answer or a ranking is remembered
 * only once the D1 batch that read or checked it found its versions current.
 */
export function remember<T>(answers: Map<string, T>, key: string, answer: T): void {
  if (answers.size >= ANSWERS_MAX) answers.clear();
  answers.set(key, answer);
}

// Per isolate: the last snapshot read. The version is a fresh UUID per write, so two databases
// (tests, a reset) never share it; a database without a version is read afresh every time.
let held: SearchSnapshot | null = null;

const VocabRow = z.object({ term: z.string(), doc: z.number() });

/**
 * The version a request of this isolate is reading, and since when. The others asking for it meanwhile
 * poll `held` instead of each reading thousands of rows (fifty at once after a cold start or a catalog
 * change stalled every search for seconds); they poll rather than await the reader's promise, since
 * one request's context must never wait on another's. A reader gone quiet past `LOAD_WAIT_MS` is
 * taken over.
 */
let loading: { version: string; since: number } | null = null;
const LOAD_WAIT_MS = 5_000;
const LOAD_POLL_MS = 10;

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
  if (version !== null) {
    while (loading?.version === version && Date.now() - loading.since < LOAD_WAIT_MS) {
      await new Promise((resolve) => setTimeout(resolve, LOAD_POLL_MS));
      if (held?.version === version) return held;
    }
    loading = { version, since: Date.now() };
  }
  try {
    return await readSnapshot(db, version);
  } finally {
    if (loading?.version === version) loading = null;
  }
}

async function readSnapshot(db: D1Database, version: string | null): Promise<SearchSnapshot> {
  const vocab = db.prepare("SELECT term, doc FROM search_vocab");
  const [words, documents] = await db.batch(version === null ? [vocab] : [vocab, db.prepare(SELECT_DOCUMENTS)]);
  const snapshot: SearchSnapshot = {
    version: version ?? "",
    vocabulary: new Map((words?.results ?? []).map((r) => VocabRow.parse(r)).map((r) => [r.term, r.doc])),
    documents: new Map((documents?.results ?? []).map(toSearchDocument).map((d) => [d.id, d])),
    bm25: new Map(),
    vectors: new Map(),
    queries: new Map(),
    ranked: new Map(),
  };
  if (version !== null) held = snapshot;
  return snapshot;
}
