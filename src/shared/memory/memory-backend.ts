import { listEpisodeIdsOlderThan } from "../db/episode-repository";
import { createLocalEmbedder, createWorkersAiEmbedder, type Embedder } from "./embedder";
import { createD1VectorIndex } from "./d1-vector-index";
import { createEpisodicMemory, type EpisodicMemory } from "./episodic-memory";
import { createVectorizeIndex, type VectorIndex } from "./vector-index";
import { meteredVectors } from "../usage/metered-backend";

/** The bindings memory is built from. */
export type MemoryEnv = Pick<Env, "DB" | "MEMORY_BACKEND" | "EPISODES_INDEX" | "AI">;

/** A vector index and the embedder that fills and queries it. */
export interface MemoryBackend {
  kind: "cloudflare" | "local";
  index: VectorIndex;
  embedder: Embedder;
}

/**
 * Vectorize with Workers AI when configured for Cloudflare and both bindings exist; otherwise the
 * D1 index with the local embedder (DESIGN §2). The pair is chosen together because vectors of
 * one embedder are meaningless in an index filled by the other.
 */
export function selectMemoryBackend(env: MemoryEnv): MemoryBackend {
  if (env.MEMORY_BACKEND === "cloudflare") {
    if (env.EPISODES_INDEX && env.AI) {
      return meteredVectors(env, {
        kind: "cloudflare",
        index: createVectorizeIndex(env.EPISODES_INDEX),
        embedder: createWorkersAiEmbedder(env.AI),
      });
    }
    // Said out loud: a production deploy missing a binding would otherwise quietly remember locally.
    console.warn(
      JSON.stringify({
        msg: "MEMORY_BACKEND=cloudflare but EPISODES_INDEX or AI is not bound; using the local index",
        episodes_index: !!env.EPISODES_INDEX,
        ai: !!env.AI,
      }),
    );
  }
  const local = {
    kind: "local" as const,
    index: createD1VectorIndex(env.DB, "episode_vectors"),
    embedder: createLocalEmbedder(),
  };
  return meteredVectors(env, local);
}

/** Episodic memory on the configured backend, purging by the D1 record of episodes. */
export function episodicMemoryFor(env: MemoryEnv): EpisodicMemory {
  const { index, embedder } = selectMemoryBackend(env);
  return createEpisodicMemory({
    index,
    embedder,
    expiredIds: (olderThan) => listEpisodeIdsOlderThan(env.DB, olderThan),
  });
}
