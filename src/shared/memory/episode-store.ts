import {
  loadEpisodesByIds,
  purgeEpisodes,
  storeEpisode,
  type EpisodeDetails,
  type StoredEpisode,
} from "../db/episode-repository";
import type { Episode } from "./memory.schema";
import { retentionCutoff, type EpisodicMemory, type RecallQuery } from "./episodic-memory";

/**
 * Episodes kept in both places they live: the D1 record (what a resolution cites) and the vector
 * index (how similar ones are found). These are the operations the agents use (DESIGN §6).
 */

/** Stores a resolved exception as an episode, then remembers it for similarity. */
export async function recordEpisode(
  db: D1Database,
  memory: EpisodicMemory,
  episode: Episode,
  details: EpisodeDetails = {},
): Promise<void> {
  // D1 first: a vector whose episode was never stored could be recalled but never loaded.
  await storeEpisode(db, episode, details);
  await memory.remember(details.root_cause !== undefined ? { ...episode, root_cause: details.root_cause } : episode);
}

/** A recalled episode with its similarity to the query. */
export interface ScoredEpisode {
  episode: StoredEpisode;
  score: number;
}

/**
 * The customer's most similar episodes, loaded from D1, most similar first. Isolation holds
 * twice over: recall searches the customer's namespace only, and loading is by customer too.
 */
export async function recallEpisodes(
  db: D1Database,
  memory: EpisodicMemory,
  query: RecallQuery,
): Promise<ScoredEpisode[]> {
  const recalled = await memory.recall(query);
  const loaded = new Map(
    (
      await loadEpisodesByIds(
        db,
        query.customer_id,
        recalled.map((r) => r.episode_id),
      )
    ).map((e) => [e.episode_id, e]),
  );
  return recalled.flatMap((r) => {
    const episode = loaded.get(r.episode_id);
    return episode ? [{ episode, score: r.score }] : [];
  });
}

/**
 * Purges episodes past retention on `onDate` from the index and from D1; returns the ids.
 * Vectors go first: if deleting rows then fails, the rows remain listed and the next purge
 * retries; the other order could strand vectors whose ids no longer appear anywhere.
 */
export async function purgeExpiredEpisodes(db: D1Database, memory: EpisodicMemory, onDate: string): Promise<string[]> {
  const cutoff = retentionCutoff(onDate);
  const fromIndex = await memory.purge(cutoff);
  const fromD1 = await purgeEpisodes(db, cutoff);
  return [...new Set([...fromIndex, ...fromD1])].sort();
}

/**
 * Remembers episodes already stored in D1 (the seed's, for instance), read back per customer so
 * the vectors carry exactly what D1 holds. Upserts by id: running it again changes nothing.
 */
export async function rememberStoredEpisodes(
  db: D1Database,
  memory: EpisodicMemory,
  refs: readonly { customer_id: string; episode_id: string }[],
): Promise<number> {
  const byCustomer = new Map<string, string[]>();
  for (const r of refs) byCustomer.set(r.customer_id, [...(byCustomer.get(r.customer_id) ?? []), r.episode_id]);
  const episodes: StoredEpisode[] = [];
  for (const [customerId, ids] of byCustomer) episodes.push(...(await loadEpisodesByIds(db, customerId, ids)));
  await memory.rememberMany(episodes);
  return episodes.length;
}
