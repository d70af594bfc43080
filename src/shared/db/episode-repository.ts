import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { Episode } from "../memory/memory.schema";
import { chunked, rowsPerStatement } from "./d1-limits";
import { database } from "./client";
import * as schema from "./schema";

/**
 * Episodes in D1: the record of every resolved exception (DESIGN §6). The vector index holds
 * their embeddings for similarity; this table holds what a resolution cites, and is the list
 * of what exists, which purging needs because Vectorize cannot be listed by metadata.
 */

/** Columns of the `episodes` table that the `Episode` contract does not carry. */
export interface EpisodeDetails {
  /** The customer's name; looked up from `customers` when not given. */
  customer_name?: string;
  /** Overrides the episode's own `root_cause` when given. */
  root_cause?: string | null;
  /** The resolution in words; `resolution_type` when not given. */
  resolution?: string;
  po_number?: string | null;
  exception_id?: string | null;
}

/** An episode as stored, its root cause included (recall text uses it). */
export type StoredEpisode = Episode & { root_cause: string | null };

type EpisodeRow = typeof schema.episodes.$inferSelect;

/** An `episodes` row as the episode contract, its root cause included. */
export function toStoredEpisode(r: EpisodeRow): StoredEpisode {
  const episode = Episode.parse({
    episode_id: r.episodeId,
    customer_id: r.customerId,
    exception_type: r.exceptionType,
    carrier: r.carrier,
    hub: r.hub,
    month: r.month,
    description: r.description,
    root_cause: r.rootCause,
    resolution_type: r.resolutionType,
    discount_pct: r.discountPct,
    credit_amount: r.creditAmount,
    customer_satisfaction: r.customerSatisfaction,
    lesson: r.lesson,
    occurred_at: r.occurredAt,
  });
  return { ...episode, root_cause: r.rootCause };
}

/**
 * Inserts an episode or replaces the stored one with the same id: a human's decision on an
 * escalation, and later the customer's satisfaction, complete an episode already stored.
 * Detail columns not given, and a root cause now null, keep what is stored.
 */
export async function storeEpisode(db: D1Database, episode: Episode, details: EpisodeDetails = {}): Promise<void> {
  const e = Episode.parse(episode);
  const t = schema.episodes;
  const customerName =
    details.customer_name ??
    sql`coalesce((select ${schema.customers.name} from ${schema.customers} where ${schema.customers.customerId} = ${e.customer_id}), ${e.customer_id})`;
  const core = {
    customerId: e.customer_id,
    exceptionType: e.exception_type,
    carrier: e.carrier,
    hub: e.hub,
    month: e.month,
    description: e.description,
    resolutionType: e.resolution_type,
    discountPct: e.discount_pct,
    creditAmount: e.credit_amount,
    customerSatisfaction: e.customer_satisfaction,
    lesson: e.lesson,
    occurredAt: e.occurred_at,
  };
  // Only details actually given overwrite stored ones on replace.
  const given = {
    ...(details.customer_name !== undefined ? { customer: details.customer_name } : {}),
    rootCause: sql`coalesce(excluded.root_cause, ${t.rootCause})`,
    ...(details.resolution !== undefined ? { resolution: details.resolution } : {}),
    ...(details.po_number !== undefined ? { poNumber: details.po_number } : {}),
    ...(details.exception_id !== undefined ? { exceptionId: details.exception_id } : {}),
  };
  await database(db)
    .insert(t)
    .values({
      episodeId: e.episode_id,
      ...core,
      customer: customerName,
      rootCause: details.root_cause !== undefined ? details.root_cause : (e.root_cause ?? null),
      resolution: details.resolution ?? e.resolution_type,
      poNumber: details.po_number ?? null,
      exceptionId: details.exception_id ?? null,
    })
    .onConflictDoUpdate({ target: t.episodeId, set: { ...core, ...given } })
    .run();
}

/**
 * The episodes with these ids that belong to this customer. The customer is a condition of the
 * query, not a check afterwards: an id of another customer's episode loads nothing.
 */
export async function loadEpisodesByIds(
  db: D1Database,
  customerId: string,
  ids: readonly string[],
): Promise<StoredEpisode[]> {
  const t = schema.episodes;
  const d = database(db);
  const parts = chunked([...new Set(ids)], rowsPerStatement(1, 1));
  const rows = (
    await Promise.all(
      parts.map((part) =>
        d
          .select()
          .from(t)
          .where(and(eq(t.customerId, customerId), inArray(t.episodeId, part)))
          .all(),
      ),
    )
  ).flat();
  return rows.map(toStoredEpisode);
}

/** Ids of episodes that occurred before `olderThan` (an ISO date or timestamp). */
export async function listEpisodeIdsOlderThan(db: D1Database, olderThan: string): Promise<string[]> {
  const t = schema.episodes;
  const rows = await database(db).select({ id: t.episodeId }).from(t).where(lt(t.occurredAt, olderThan)).all();
  return rows.map((r) => r.id);
}

/** Deletes episodes that occurred before `olderThan`; returns the deleted ids. */
export async function purgeEpisodes(db: D1Database, olderThan: string): Promise<string[]> {
  const t = schema.episodes;
  const rows = await database(db).delete(t).where(lt(t.occurredAt, olderThan)).returning({ id: t.episodeId }).all();
  return rows.map((r) => r.id);
}
