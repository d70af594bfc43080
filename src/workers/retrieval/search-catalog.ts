import { z } from "zod";
import { loadCatalog, loadContract } from "../../shared/db/reference-repository";
import { CollapsedReads } from "../../shared/collapsed-read";
import { readSearchBatch, type SearchAsk, type SearchReads } from "../../shared/db/search-batch";
import { bm25Candidates, loadSearchDocuments } from "../../shared/db/search-index-repository";
import {
  bm25Key,
  heldSearchSnapshot,
  loadSearchSnapshot,
  readSearchState,
  rankedKey,
  remember,
  type SearchSnapshot,
  vectorsKey,
} from "../../shared/db/search-snapshot";
import { heldVectorsVersion } from "../../shared/retrieval/cached-vector-index";
import { isBm25Decisive } from "../../shared/retrieval/decisive";
import { selectCatalogVectors, syncCatalogVectors, vectorCandidates } from "../../shared/retrieval/catalog-vectors";
import { buildFtsMatch } from "../../shared/retrieval/fts-query";
import { CANDIDATES_PER_RETRIEVER, hybridRank } from "../../shared/retrieval/hybrid";
import { normalizeQuery, type QueryTokens } from "../../shared/retrieval/normalize";
import { CUSTOMER_BOOST, type RankedHit } from "../../shared/retrieval/rerank";
import { PARTS_NAMESPACE, type SearchDocument } from "../../shared/retrieval/search-documents";
import { type SearchQuery, type SearchResponse, toSearchResult } from "../../shared/retrieval/search-result";
import type { CatalogItem, Contract } from "../../shared/schemas/reference.schema";
import { sharedD1 } from "../../shared/usage/metered-env";

/**
 * Which ranking to answer: `reranked` is the product's (DESIGN §8); the others are the diagnostic
 * variants the retrieval evaluation compares, run by this same code over the same indexes.
 */
export const SearchMode = z.enum(["bm25", "vector", "fused", "reranked"]);
export type SearchMode = z.infer<typeof SearchMode>;

const NO_BOOST = { contractPart: 0, ownPassage: 0 };

/** One search's asker and question, as both ways of retrieving take them. */
interface Ask {
  env: Env;
  query: SearchQuery;
  customerId: string | null;
  mode: SearchMode;
  onDate: string;
}

/** Both retrievers' candidates over one snapshot, and the query's tokens they searched with. */
interface Found {
  snapshot: SearchSnapshot;
  tokens: QueryTokens;
  bm25: string[];
  vector: string[];
}

/** What was found, the asker's contract, and the prices read so far. */
interface Retrieved extends Found {
  contract: Contract | null;
  catalog: ReadonlyMap<string, CatalogItem>;
  /** SKUs whose price was looked for (held or not); any other a result names is read after ranking. */
  asked: ReadonlySet<string>;
  /** The ranking, when the warm path ranked before reading prices (an asker without a contract). */
  hits?: readonly RankedHit[];
}

/** A query's tokens on the snapshot's vocabulary, remembered there: normalizing was a tenth of a warm search. */
function queryTokens(snapshot: SearchSnapshot, q: string): QueryTokens {
  const known = snapshot.queries.get(q);
  if (known !== undefined) return known;
  const tokens = normalizeQuery(q, snapshot.vocabulary);
  remember(snapshot.queries, q, tokens);
  return tokens;
}

/** The hybrid ranking (DESIGN §8) of what was found, for the asker and their contract. */
function rank(
  ask: Ask,
  found: Found,
  documents: ReadonlyMap<string, SearchDocument>,
  contract: Contract | null,
): RankedHit[] {
  const asker = {
    customer_id: ask.customerId,
    contract_skus: new Set(contract?.pricing_tiers.map((t) => t.sku) ?? []),
  };
  const bm25Decisive = isBm25Decisive(found.tokens, found.snapshot.vocabulary, documents.get(found.bm25[0] ?? ""));
  const boost = ask.mode === "reranked" ? CUSTOMER_BOOST : NO_BOOST;
  return hybridRank({ bm25: found.bm25, vector: found.vector, bm25Decisive }, documents, asker, ask.query.k, boost);
}

/**
 * The ranking for an asker without a contract whose candidates are all known before the batch, so
 * the batch prices only the hits: as remembered under `key`, else made now from held documents.
 * Undefined when a candidate is not held: the ranking then waits for the documents.
 */
function rankEarly(ask: Ask, found: Found, key: string): readonly RankedHit[] | undefined {
  const remembered = found.snapshot.ranked.get(key);
  if (remembered !== undefined) return remembered;
  const { documents } = found.snapshot;
  if (![...found.bm25, ...found.vector].every((id) => documents.has(id))) return undefined;
  return rank(ask, found, documents, null);
}

/**
 * Batches asking D1 the same, collapsed per isolate (`CollapsedReads`), for at most this many
 * different asks in flight at once. A search's batch takes milliseconds, so a read silent for a
 * quarter of a second belongs to a search that was cancelled (a typeahead moving on): its waiters
 * read for themselves rather than wait the default two seconds.
 */
const batches = new CollapsedReads<SearchReads>(256, { giveUpMs: 250 });

/**
 * The warm path's batch, shared with the searches of this isolate asking the same at the same
 * moment (a popular query, a portal's typeahead): each answer still comes from a read that started
 * after its search did. The read goes through the metered view of the search that runs it.
 */
function readBatch(env: Env, ask: SearchAsk): Promise<SearchReads> {
  return batches.read(sharedD1(env.DB), JSON.stringify(ask), () => readSearchBatch(env.DB, ask));
}

/**
 * The warm path, on what the isolate holds (documents, vocabulary, local vectors, both retrievers'
 * answers to queries asked before): the vector scan unless remembered, then one D1 batch (the
 * versions, BM25 unless remembered, the prices of the candidates known, the asker's contract).
 * An asker without a contract whose candidates are all known is ranked before the batch, which
 * then prices only the hits. Null when the versions D1 answers are not the ones searched with, or
 * nothing is held yet: the cold path then answers, so the ranking is the same either way.
 */
async function retrieveWarm(ask: Ask): Promise<Retrieved | null> {
  const held = heldSearchSnapshot();
  const vectorsVersion = heldVectorsVersion(PARTS_NAMESPACE);
  if (held === null) return null;
  const backend = selectCatalogVectors(ask.env, held.vocabulary, vectorsVersion);
  const local = backend.kind === "local";
  const needsVectors = ask.mode !== "bm25";
  if (local && needsVectors && vectorsVersion === undefined) return null;
  const tokens = queryTokens(held, ask.query.q);
  const limit = CANDIDATES_PER_RETRIEVER;
  const vectorKey =
    local && needsVectors && vectorsVersion !== undefined
      ? vectorsKey(vectorsVersion, ask.query.q, ask.customerId, limit)
      : null;
  const knownVectors = vectorKey === null ? undefined : held.vectors.get(vectorKey);
  const vectors = !needsVectors
    ? Promise.resolve([])
    : knownVectors !== undefined
      ? Promise.resolve([...knownVectors])
      : vectorCandidates(backend, ask.query.q, ask.customerId, limit);
  const match = ask.mode === "vector" ? null : buildFtsMatch(tokens.searched);
  const key = match === null ? null : bm25Key(match, ask.customerId, limit);
  const remembered = key === null ? [] : held.bm25.get(key);
  // The local scan is CPU only, so its SKUs can join the batch; Vectorize's round trips overlap D1's instead.
  const scanned = local ? await vectors : [];
  const earlyKey =
    ask.customerId === null && (local || !needsVectors) && remembered !== undefined
      ? rankedKey(vectorsVersion ?? null, ask.query.q, ask.mode, ask.query.k)
      : null;
  const hits =
    earlyKey === null
      ? undefined
      : rankEarly(ask, { snapshot: held, tokens, bm25: [...(remembered ?? [])], vector: scanned }, earlyKey);
  const [reads, vector] = await Promise.all([
    readBatch(ask.env, {
      match: remembered === undefined ? match : null,
      customerId: ask.customerId,
      limit,
      skus:
        hits !== undefined
          ? hits.flatMap((h) => h.document.sku ?? [])
          : [...(remembered ?? []), ...scanned].flatMap((id) => held.documents.get(id)?.sku ?? []),
      onDate: ask.onDate,
    }),
    local ? scanned : vectors,
  ]);
  const { state } = reads;
  const vectorsCurrent = !local || !needsVectors || (!state.vectorsPending && state.vectorsVersion === vectorsVersion);
  if (state.indexVersion !== held.version || !vectorsCurrent) return null;
  if (key !== null && remembered === undefined) remember(held.bm25, key, reads.bm25);
  if (vectorKey !== null && knownVectors === undefined) remember(held.vectors, vectorKey, scanned);
  if (earlyKey !== null && hits !== undefined && !held.ranked.has(earlyKey)) remember(held.ranked, earlyKey, hits);
  const bm25 = remembered ?? reads.bm25;
  return {
    snapshot: held,
    tokens,
    bm25: [...bm25],
    vector,
    contract: reads.contract,
    catalog: reads.catalog,
    asked: reads.asked,
    ...(hits !== undefined ? { hits } : {}),
  };
}

/**
 * The cold path: the versions first, then the snapshot (read again when it changed), the vectors
 * of what changed written locally (the seed's whole catalog, the first time), then both retrievers.
 */
async function retrieveCold(ask: Ask): Promise<Retrieved> {
  const { env, query, customerId, mode } = ask;
  const [state, contract] = await Promise.all([
    readSearchState(env.DB),
    customerId !== null ? loadContract(env.DB, customerId, ask.onDate) : Promise.resolve(null),
  ]);
  const snapshot = await loadSearchSnapshot(env.DB, state.indexVersion);
  const tokens = queryTokens(snapshot, query.q);
  const pending = state.vectorsPending;
  const backend = selectCatalogVectors(
    env,
    snapshot.vocabulary,
    pending ? undefined : (state.vectorsVersion ?? undefined),
  );
  if (backend.kind === "local" && mode !== "bm25" && pending) await syncCatalogVectors(env, backend);
  const [bm25, vector] = await Promise.all([
    mode === "vector"
      ? Promise.resolve([])
      : bm25Candidates(env.DB, tokens.searched, customerId, CANDIDATES_PER_RETRIEVER),
    mode === "bm25" ? Promise.resolve([]) : vectorCandidates(backend, query.q, customerId, CANDIDATES_PER_RETRIEVER),
  ]);
  return { snapshot, tokens, bm25, vector, contract, catalog: new Map(), asked: new Set() };
}

/** The snapshot's documents, with any candidate it lacks (indexed since it was read) read from D1. */
async function documentsOf(env: Env, found: Found): Promise<ReadonlyMap<string, SearchDocument>> {
  const { documents } = found.snapshot;
  const missing = [...found.bm25, ...found.vector].filter((id) => !documents.has(id));
  return missing.length ? new Map([...documents, ...(await loadSearchDocuments(env.DB, missing))]) : documents;
}

/**
 * Hybrid catalog and contract search (DESIGN §8): BM25 from D1 FTS5 and the vector index, each
 * reading only parts and the asker's own passages, fused by RRF and re-ranked for the asker's
 * contract, priced for the asker. `customer_id` absent searches as no customer (parts only); the
 * route sets it to the token's own customer for a customer token.
 *
 * One D1 round trip on the warm path (`retrieveWarm`); the documents, vocabulary and local vectors
 * come from the isolate while their versions hold, and a search that finds them stale is run
 * again on fresh ones (`retrieveCold`), so the ranking is the same.
 */
export async function searchCatalog(
  env: Env,
  query: SearchQuery,
  mode: SearchMode = "reranked",
): Promise<SearchResponse> {
  const ask: Ask = {
    env,
    query,
    customerId: query.customer_id ?? null,
    mode,
    onDate: new Date().toISOString().slice(0, 10),
  };
  const retrieved = (await retrieveWarm(ask)) ?? (await retrieveCold(ask));
  const { contract, ...prices } = retrieved;
  const hits = retrieved.hits ?? rank(ask, retrieved, await documentsOf(env, retrieved), contract);
  const unasked = hits.flatMap((h) =>
    h.document.sku !== undefined && !prices.asked.has(h.document.sku) ? [h.document.sku] : [],
  );
  const catalog = unasked.length
    ? new Map([...prices.catalog, ...(await loadCatalog(env.DB, unasked))])
    : prices.catalog;
  return { query: query.q, results: hits.map((hit) => toSearchResult(hit, { catalog, contract, onDate: ask.onDate })) };
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
