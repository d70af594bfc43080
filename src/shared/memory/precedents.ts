import type { Episode, ExceptionCircumstances } from "./memory.schema";
import { hubCity } from "./procedural-rules";

/** Episodes older than this are not recalled and are purged (DESIGN §6). */
export const EPISODE_RETENTION_DAYS = 180;

/** How many of carrier, hub and month an episode shares with an exception. */
export function circumstanceMatch(e: Episode, c: ExceptionCircumstances): number {
  let score = 0;
  if (c.carrier && e.carrier?.toLowerCase() === c.carrier.toLowerCase()) score++;
  if (c.hub && hubCity(e.hub) === hubCity(c.hub)) score++;
  if (c.month !== null && e.month === c.month) score++;
  return score;
}

/**
 * The customer's own precedents for an exception, most similar first. Isolation is the
 * first filter, before any similarity: another customer's episode is never a candidate.
 * `similarity` (e.g. vector cosine) breaks ties among equal circumstance matches.
 */
export function rankPrecedents(
  episodes: readonly Episode[],
  customerId: string,
  c: ExceptionCircumstances,
  similarity: (e: Episode) => number = () => 0,
): Episode[] {
  return episodes
    .filter((e) => e.customer_id === customerId && e.exception_type === c.exception_type)
    .map((e) => ({ e, match: circumstanceMatch(e, c), sim: similarity(e) }))
    .sort((a, b) => b.match - a.match || b.sim - a.sim || a.e.episode_id.localeCompare(b.e.episode_id))
    .map((x) => x.e);
}
