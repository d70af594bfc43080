import { z } from "zod";
import { loadCatalog, loadContract } from "../../shared/db/reference-repository";
import { bm25Candidates, loadSearchDocuments } from "../../shared/db/search-index-repository";
import {
  heldSearchSnapshot,
  loadSearchSnapshot,
  readSearchState,
  type SearchSnapshot,
} from "../../shared/db/search-snapshot";
import { isBm25Decisive } from "../../shared/retrieval/decisive";
import { selectCatalogVectors, syncCatalogVectors, vectorCandidates } from "../../shared/retrieval/catalog-vectors";
import { CANDIDATES_PER_RETRIEVER, hybridRank } from "../../shared/retrieval/hybrid";
import { normalize } from "../../shared/retrieval/normalize";
import { CUSTOMER_BOOST } from "../../shared/retrieval/rerank";
import { type SearchQuery, type SearchResponse, toSearchResult } from "../../shared/retrieval/search-result";

/**
 * Which ranking to answer: `reranked` is the product's (DESIGN §8); the others are the diagnostic
 * variants the retrieval evaluation compares, run by this same code over the same indexes.
 */
export const SearchMode = z.enum(["bm25", "vector", "fused", "reranked"]);
export type SearchMode = z.infer<typeof SearchMode>;

const NO_BOOST = { contractPart: 0, ownPassage: 0 };

/**
 * Hybrid catalog and contract search (DESIGN §8): BM25 from D1 FTS5 and the vector index, each
 * reading only parts and the asker's own passages, fused by RRF and re-ranked for the asker's
 * contract, priced for the asker. `customer_id` absent searches as no customer (parts only); the
 * route sets it to the token's own customer for a customer token.
 *
 * Three D1 round trips on the warm path: the index versions (beside the asker's contract and,
 * with the vocabulary the isolate holds, the BM25 query), then the prices of the results. The
 * documents, vocabulary and local vectors come from the isolate while their versions hold; a
 * BM25 query run on a vocabulary that turns out stale is run again, so the ranking is the same.
 */
export async function searchCatalog(
  env: Env,
  query: SearchQuery,
  mode: SearchMode = "reranked",
): Promise<SearchResponse> {
  const customerId = query.customer_id ?? null;
  const onDate = new Date().toISOString().slice(0, 10);
  const bm25For = (snapshot: SearchSnapshot) =>
    mode === "vector"
      ? Promise.resolve([])
      : bm25Candidates(
          env.DB,
          normalize(query.q, { vocabulary: snapshot.vocabulary }),
          customerId,
          CANDIDATES_PER_RETRIEVER,
        );
  const held = heldSearchSnapshot();
  const early = held ? bm25For(held) : null;
  const [state, contract] = await Promise.all([
    readSearchState(env.DB),
    customerId !== null ? loadContract(env.DB, customerId, onDate) : Promise.resolve(null),
  ]);
  const snapshot = await loadSearchSnapshot(env.DB, state.indexVersion);
  const fresh = early !== null && held === snapshot;
  // A query on a stale vocabulary is asked again below; its answer, or failure, is not used.
  if (early !== null && !fresh) early.catch(() => undefined);
  const pending = state.vectorsPending;
  const backend = selectCatalogVectors(
    env,
    snapshot.vocabulary,
    pending ? undefined : (state.vectorsVersion ?? undefined),
  );
  // Locally the vectors of what changed (the seed's whole catalog, the first time) are written now.
  if (backend.kind === "local" && mode !== "bm25" && pending) await syncCatalogVectors(env, backend);
  const [bm25, vector] = await Promise.all([
    fresh ? early : bm25For(snapshot),
    mode === "bm25" ? Promise.resolve([]) : vectorCandidates(backend, query.q, customerId, CANDIDATES_PER_RETRIEVER),
  ]);
  const missing = [...bm25, ...vector].filter((id) => !snapshot.documents.has(id));
  const documents = missing.length
    ? new Map([...snapshot.documents, ...(await loadSearchDocuments(env.DB, missing))])
    : snapshot.documents;
  const asker = { customer_id: customerId, contract_skus: new Set(contract?.pricing_tiers.map((t) => t.sku) ?? []) };
  const bm25Decisive = isBm25Decisive(query.q, snapshot.vocabulary, documents.get(bm25[0] ?? ""));
  const boost = mode === "reranked" ? CUSTOMER_BOOST : NO_BOOST;
  const hits = hybridRank({ bm25, vector, bm25Decisive }, documents, asker, query.k, boost);
  const catalog = await loadCatalog(
    env.DB,
    hits.flatMap((h) => (h.document.sku !== undefined ? [h.document.sku] : [])),
  );
  return { query: query.q, results: hits.map((hit) => toSearchResult(hit, { catalog, contract, onDate })) };
}

/** The Vectorize sweep for `waitUntil` and the cron: logs and never throws (the pending rows stay for the next run). */
export function sweepCatalogVectors(env: Env): Promise<void> {
  return syncCatalogVectors(env).then(
    (synced) => {
      if (synced > 0) console.log(JSON.stringify({ msg: "catalog vectors synced", synced }));
    },
    (err: unknown) => console.warn(JSON.stringify({ msg: "catalog vector sync failed", error: String(err) })),
  );
}
