/**
 * D1's production limits (https://developers.cloudflare.com/d1/platform/limits/), which the
 * local SQLite behind `wrangler dev` and tests does not enforce: a statement past 100 bound
 * parameters, or an invocation past 1,000 queries, works locally and fails in production.
 */
export const D1_MAX_BOUND_PARAMETERS = 100;
/** Queries one Worker invocation may make (Workers Paid); each statement of a batch counts. */
export const D1_MAX_QUERIES_PER_INVOCATION = 1_000;

/** `items` in consecutive slices of at most `size` (the last may be shorter). */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * How many rows (or IN-list values) of `perRow` parameters fit in one statement that also
 * binds `fixed` parameters of its own (a customer id beside an IN-list, say).
 */
export function rowsPerStatement(perRow: number, fixed = 0): number {
  return Math.max(1, Math.floor((D1_MAX_BOUND_PARAMETERS - fixed) / perRow));
}
