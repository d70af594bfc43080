import { clearPendingVectors, loadSearchDocuments, pendingVectorIds } from "../db/search-index-repository";
import { createWorkersAiEmbedder, type Embedder } from "../memory/embedder";
import { createVectorizeIndex, type VectorIndex } from "../memory/vector-index";
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
 * the local catalog embedder, whose vectors `searchIndexWrites` stores in the import's own batch.
 * `vocabulary` spell-corrects queries for the local embedder (Workers AI reads words as they are).
 */
export function selectCatalogVectors(env: CatalogVectorEnv, vocabulary?: Vocabulary): CatalogVectorBackend {
  if (env.MEMORY_BACKEND === "cloudflare" && env.CATALOG_INDEX && env.AI)
    return {
      kind: "cloudflare",
      index: createVectorizeIndex(env.CATALOG_INDEX),
      embedder: createWorkersAiEmbedder(env.AI),
    };
  return {
    kind: "local",
    index: createCachedCatalogIndex(env.DB),
    embedder: createCatalogEmbedder(vocabulary ? { vocabulary } : {}),
  };
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

/**
 * Writes documents changed since the last sweep to Vectorize (run after a catalog import commits
 * and by the cron). A pending row is cleared only after its upsert succeeded and only if not queued
 * again meanwhile, so a failure or a newer change is picked up next time: no update is lost.
 * Locally the vectors were written in the import's own batch, so pending rows are just cleared.
 */
export async function syncCatalogVectors(env: CatalogVectorEnv, backend = selectCatalogVectors(env)): Promise<number> {
  const startedAt = new Date().toISOString();
  if (backend.kind === "local") {
    const done = await env.DB.prepare("DELETE FROM search_vectors_pending WHERE queued_at <= ?1").bind(startedAt).run();
    return done.meta.changes;
  }
  let synced = 0;
  for (let round = 0; round < SWEEP_ROUNDS; round++) {
    const ids = await pendingVectorIds(env.DB, SWEEP_BATCH, startedAt);
    if (ids.length === 0) break;
    const documents = [...(await loadSearchDocuments(env.DB, ids)).values()];
    const vectors = await backend.embedder.embed(documents.map(embeddingText));
    if (documents.length)
      await backend.index.upsert(
        documents.map((d, i) => ({
          id: d.id,
          values: vectors[i]!,
          namespace: namespaceOf(d),
          metadata: { kind: d.kind },
        })),
      );
    const gone = ids.filter((id) => !documents.some((d) => d.id === id));
    if (gone.length) await backend.index.deleteByIds(gone);
    await env.DB.batch(clearPendingVectors(env.DB, ids, startedAt));
    synced += ids.length;
  }
  return synced;
}
