import {
  clearPendingVectors,
  loadSearchDocuments,
  localVectorWrites,
  pendingVectorIds,
} from "../db/search-index-repository";
import { createWorkersAiEmbedder, type Embedder } from "../memory/embedder";
import { createVectorizeIndex, type VectorIndex } from "../memory/vector-index";
import { meteredVectors } from "../usage/metered-backend";
import { createCachedCatalogIndex } from "./cached-vector-index";
import { createCatalogEmbedder } from "./embedder";
import type { Vocabulary } from "./normalize";
import { embeddingText, namespaceOf, PARTS_NAMESPACE, passageNamespace } from "./search-documents";

/** The bindings catalog vectors are built from. */
export type CatalogVectorEnv = Pick<Env, "DB" | "MEMORY_BACKEND" | "CATALOG_INDEX" | "AI">;

/** A vector index of the catalog and the embedder that fills and queries it (never mixed: see `selectMemoryBackend`). */
export interface CatalogVectorBackend {
  kind: "cloudflare" | "local";
  index: VectorIndex;
  embedder: Embedder;
}

/**
 * Vectorize (`CATALOG_INDEX`, 768 dimensions, cosine) with Workers AI `@cf/baai/bge-base-en-v1.5`
 * when configured for Cloudflare and both are bound; otherwise the D1 table `catalog_vectors` with
 * the local catalog embedder, whose vectors `syncCatalogVectors` writes before a search reads them.
 * `vocabulary` spell-corrects queries for the local embedder (Workers AI reads words as they are);
 * `vectorsVersion`, when the caller has just read it, spares the local index reading it again.
 */
export function selectCatalogVectors(
  env: CatalogVectorEnv,
  vocabulary?: Vocabulary,
  vectorsVersion?: string,
): CatalogVectorBackend {
  if (env.MEMORY_BACKEND === "cloudflare" && env.CATALOG_INDEX && env.AI)
    return meteredVectors(env, {
      kind: "cloudflare",
      index: createVectorizeIndex(env.CATALOG_INDEX),
      embedder: createWorkersAiEmbedder(env.AI),
    });
  return meteredVectors(env, {
    kind: "local",
    index: createCachedCatalogIndex(env.DB, vectorsVersion),
    embedder: createCatalogEmbedder(vocabulary ? { vocabulary } : {}),
  });
}

/**
 * Nearest documents to the query, best first: the parts' namespace and the asker's own passages'
 * namespace only, so another customer's passage is never a candidate. Non-positive similarity is
 * no evidence of relevance and is left out.
 */
export async function vectorCandidates(
  backend: CatalogVectorBackend,
  query: string,
  customerId: string | null,
  limit: number,
): Promise<string[]> {
  const [vector] = await backend.embedder.embed([query]);
  if (!vector) return [];
  const namespaces = [PARTS_NAMESPACE, ...(customerId !== null ? [passageNamespace(customerId)] : [])];
  const answers = await Promise.all(
    namespaces.map((namespace) => backend.index.query(vector, { topK: limit, namespace, returnMetadata: false })),
  );
  return answers
    .flatMap((a) => a.matches)
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, limit)
    .map((m) => m.id);
}

/** Documents one round takes (one Vectorize upsert, a Workers AI call per 100), and rounds per run. */
const SWEEP_BATCH = 200;
const SWEEP_ROUNDS = 20;
/** Locally a round is one D1 batch of hex vectors (about 6 MB per 2,000), and a run takes all that is pending. */
const LOCAL_SWEEP_BATCH = 2_000;
const LOCAL_SWEEP_ROUNDS = 100;

/**
 * Embeds and writes the documents changed since the last sweep: to Vectorize after a catalog import
 * commits and by the cron, and locally to `catalog_vectors` also before each search (so the seed's
 * thousands of parts are embedded once, by the first search, not by every database the seed fills).
 * A pending row is cleared only after its vectors were written and only if not queued again
 * meanwhile, so a failure or a newer change is picked up next time: no update is lost. Documents
 * are embedded as written, without the query-side spelling correction.
 */
export async function syncCatalogVectors(env: CatalogVectorEnv, backend = selectCatalogVectors(env)): Promise<number> {
  const startedAt = new Date().toISOString();
  const local = backend.kind === "local";
  const embedder = local ? createCatalogEmbedder() : backend.embedder;
  let synced = 0;
  for (let round = 0; round < (local ? LOCAL_SWEEP_ROUNDS : SWEEP_ROUNDS); round++) {
    const ids = await pendingVectorIds(env.DB, local ? LOCAL_SWEEP_BATCH : SWEEP_BATCH, startedAt);
    if (ids.length === 0) break;
    const documents = [...(await loadSearchDocuments(env.DB, ids)).values()];
    const vectors = await embedder.embed(documents.map(embeddingText));
    const gone = ids.filter((id) => !documents.some((d) => d.id === id));
    if (local) {
      await env.DB.batch([
        ...localVectorWrites(env.DB, documents, vectors, gone),
        ...clearPendingVectors(env.DB, ids, startedAt),
      ]);
    } else {
      if (documents.length)
        await backend.index.upsert(
          documents.map((d, i) => ({
            id: d.id,
            values: vectors[i]!,
            namespace: namespaceOf(d),
            metadata: { kind: d.kind },
          })),
        );
      if (gone.length) await backend.index.deleteByIds(gone);
      await env.DB.batch(clearPendingVectors(env.DB, ids, startedAt));
    }
    synced += ids.length;
  }
  return synced;
}
