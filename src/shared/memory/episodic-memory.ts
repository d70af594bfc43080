import { addDays } from "../business-dates";
import type { Embedder } from "./embedder";
import type { Episode, ExceptionCircumstances } from "./memory.schema";
import { EPISODE_RETENTION_DAYS } from "./precedents";
import { VECTOR_LIMITS, type VectorIndex, type VectorMetadata } from "./vector-index";

/**
 * Episodic memory over a vector index and an embedder (DESIGN §6, §8). Each episode is a vector
 * in its customer's namespace; recall searches only the asking customer's namespace, so another
 * customer's episode is never a candidate for similarity, let alone a precedent.
 */

/** An episode to remember; its root cause, when known, is part of what is matched. */
export type RememberedEpisode = Episode;

/** What recall is asked: whose, which type, in which words, on which business date. */
export interface RecallQuery {
  customer_id: string;
  exception_type: string;
  /** The new exception in words; `circumstanceText` gives the words episodes are stored with. */
  text: string;
  /** How many episodes at most; 5 when not given, and never more than 20 (Vectorize returns no more with metadata). */
  topK?: number;
  /** The business date recall happens on; episodes older than the retention window are dropped. */
  onDate: string;
}

/** An episode id found by recall, with its similarity; load it with `loadEpisodesByIds`. */
export interface RecalledEpisode {
  episode_id: string;
  /** Cosine similarity of the query text to the episode's text. */
  score: number;
  occurred_at: string;
}

/** Episodic memory: remember, recall (customer-isolated), forget and purge. */
export interface EpisodicMemory {
  remember(episode: RememberedEpisode): Promise<void>;
  /** Remembers several episodes with one embedding call and one index write. */
  rememberMany(episodes: readonly RememberedEpisode[]): Promise<void>;
  recall(query: RecallQuery): Promise<RecalledEpisode[]>;
  forget(ids: readonly string[]): Promise<void>;
  /** Deletes the vectors of episodes that occurred before `olderThan`; returns their ids. */
  purge(olderThan: string): Promise<string[]>;
}

/** What episodic memory is built on. */
export interface EpisodicMemoryDeps {
  index: VectorIndex;
  embedder: Embedder;
  /**
   * Ids of episodes that occurred before a date. Vectorize cannot list vectors by metadata, so
   * purging asks the record of episodes (the D1 `episodes` table) which ids have expired.
   */
  expiredIds: (olderThan: string) => Promise<string[]>;
}

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** The first date still within retention on `onDate`: episodes on or after it are recalled. */
export function retentionCutoff(onDate: string): string {
  return addDays(onDate.slice(0, 10), -EPISODE_RETENTION_DAYS);
}

/** Words for an exception's circumstances, as both stored episodes and queries use them. */
export function circumstanceText(c: ExceptionCircumstances): string {
  const month = c.month !== null ? MONTHS[c.month - 1] : null;
  return [c.exception_type.replace(/_/g, " "), c.carrier, c.hub, month].filter((x): x is string => !!x).join(" ");
}

/**
 * The text an episode is embedded from: what happened and why, the lesson, and the
 * circumstances. The resolution is left out on purpose: a query describes a new exception,
 * which has none yet, and episodes should match on what happened, not on what was done.
 */
export function episodeText(e: RememberedEpisode): string {
  return [e.description, e.root_cause ?? null, e.lesson, circumstanceText(e)]
    .map((part) => (part ?? "").trim().replace(/\.+$/, ""))
    .filter((part) => part.length > 0)
    .join(". ");
}

/** Metadata stored with each vector; nulls are left out because Vectorize cannot store them. */
export function episodeMetadata(e: Episode): VectorMetadata {
  const m: VectorMetadata = {
    customer_id: e.customer_id,
    exception_type: e.exception_type,
    occurred_at: e.occurred_at,
  };
  if (e.carrier !== null) m.carrier = e.carrier;
  if (e.hub !== null) m.hub = e.hub;
  if (e.month !== null) m.month = e.month;
  return m;
}

/** Builds episodic memory on the given index and embedder (see `selectMemoryBackend`). */
export function createEpisodicMemory({ index, embedder, expiredIds }: EpisodicMemoryDeps): EpisodicMemory {
  const rememberMany = async (episodes: readonly RememberedEpisode[]) => {
    if (episodes.length === 0) return;
    const vectors = await embedder.embed(episodes.map(episodeText));
    await index.upsert(
      episodes.map((e, i) => ({
        id: e.episode_id,
        values: vectors[i]!,
        namespace: e.customer_id,
        metadata: episodeMetadata(e),
      })),
    );
  };

  return {
    remember: (episode) => rememberMany([episode]),
    rememberMany,

    async recall(q) {
      const topK = q.topK ?? 5;
      if (!Number.isInteger(topK) || topK < 1) throw new RangeError(`topK must be a positive integer, got ${topK}`);
      const [vector] = await embedder.embed([q.text]);
      const cutoff = retentionCutoff(q.onDate);
      // The namespace is the customer: isolation happens in the index, before similarity.
      // The query asks for the most the index returns with metadata, because expired episodes
      // not yet purged are dropped afterwards and must not crowd out ones still in retention.
      const { matches } = await index.query(vector!, {
        topK: VECTOR_LIMITS.maxTopKWithMetadata,
        namespace: q.customer_id,
        filter: { exception_type: q.exception_type },
        returnMetadata: true,
      });
      const recalled: RecalledEpisode[] = [];
      for (const m of matches) {
        const occurredAt = m.metadata?.occurred_at;
        // A second check on the customer: a vector stored in the wrong namespace is still refused.
        if (m.metadata?.customer_id !== q.customer_id || typeof occurredAt !== "string") continue;
        if (occurredAt.slice(0, 10) < cutoff) continue;
        recalled.push({ episode_id: m.id, score: m.score, occurred_at: occurredAt });
      }
      return recalled.slice(0, topK);
    },

    forget: (ids) => index.deleteByIds([...ids]),

    async purge(olderThan) {
      const ids = await expiredIds(olderThan);
      await index.deleteByIds(ids);
      return ids;
    },
  };
}
