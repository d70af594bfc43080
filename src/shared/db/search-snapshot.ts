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

/** One D1 round trip: the two versions and whether any document waits for its vector. */
export async function readSearchState(db: D1Database): Promise<SearchState> {
  const row = StateRow.parse(
    await db
      .prepare(
        "SELECT (SELECT value FROM meta WHERE key = ?1) AS index_version, (SELECT value FROM meta WHERE key = ?2) AS vectors_version, " +
          "EXISTS (SELECT 1 FROM search_vectors_pending) AS pending",
      )
      .bind(SEARCH_INDEX_VERSION, CATALOG_VECTORS_VERSION)
      .first(),
  );
  return { indexVersion: row.index_version, vectorsVersion: row.vectors_version, vectorsPending: row.pending !== 0 };
}

/** Every search document and FTS5's vocabulary, as of one `search_index_version`. */
export interface SearchSnapshot {
  version: string;
  vocabulary: Vocabulary;
  documents: ReadonlyMap<string, SearchDocument>;
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
  };
  if (version !== null) held = snapshot;
  return snapshot;
}
