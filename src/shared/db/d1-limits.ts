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

/**
 * Past this many keys, reading a whole (reference) table is one query where IN-lists of 100 would
 * be hundreds: a 20,000-row import stays far under the invocation's 1,000 queries.
 */
export const WHOLE_TABLE_KEYS = 500;

/** Distinct `keys` as IN-lists D1 accepts, or `[null]` (read the whole table) past {@link WHOLE_TABLE_KEYS}. */
export function inListsOrWhole(keys: readonly string[]): (string[] | null)[] {
  const distinct = [...new Set(keys)];
  return distinct.length > WHOLE_TABLE_KEYS ? [null] : chunked(distinct, rowsPerStatement(1));
}

/** Rows one retention DELETE removes at most: short statements, far from D1's 30 s query limit. */
export const PURGE_CHUNK_ROWS = 1_000;

/**
 * Deletes the rows of `table` whose `column` is below `cutoff`, `PURGE_CHUNK_ROWS` at a time
 * and at most `maxStatements` statements, so a purge stays a bounded share of the invocation's
 * 1,000 queries; what is left goes on the next run. `table`, `column` and `key` (the columns
 * naming a row, `rowid` unless the table is WITHOUT ROWID) are the caller's constants, never
 * input. Returns the rows deleted.
 */
export async function deleteOlderThan(
  db: D1Database,
  target: { table: string; column: string; key?: string },
  cutoff: string | number,
  maxStatements: number,
): Promise<number> {
  const key = target.key ?? "rowid";
  const statement = db.prepare(
    `DELETE FROM ${target.table} WHERE (${key}) IN (SELECT ${key} FROM ${target.table} WHERE ${target.column} < ? LIMIT ${PURGE_CHUNK_ROWS})`,
  );
  let deleted = 0;
  for (let i = 0; i < maxStatements; i++) {
    const { meta } = await statement.bind(cutoff).run();
    deleted += meta.changes;
    if (meta.changes < PURGE_CHUNK_ROWS) break;
  }
  return deleted;
}
