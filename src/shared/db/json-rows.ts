/**
 * Set-based writes within D1's limits: rows travel as one JSON array bound to a single parameter
 * and are read back with `json_each(?1)`, so a statement binds 1 parameter however many rows it
 * carries, and a 20,000-row import is a handful of statements instead of hundreds.
 */

/** UTF-8 bytes of one bound JSON array at most: far under D1's 2,000,000-byte limit on a string value. */
export const JSON_CHUNK_BYTES = 500_000;

const encoder = new TextEncoder();

/** `rows` as JSON arrays of at most `maxBytes` each (a single larger row stands alone). */
export function jsonRowChunks(rows: readonly unknown[], maxBytes = JSON_CHUNK_BYTES): string[] {
  const chunks: string[] = [];
  let part: string[] = [];
  let size = 2;
  for (const row of rows) {
    const json = JSON.stringify(row);
    const bytes = encoder.encode(json).byteLength + 1;
    if (part.length && size + bytes > maxBytes) {
      chunks.push(`[${part.join(",")}]`);
      part = [];
      size = 2;
    }
    part.push(json);
    size += bytes;
  }
  if (part.length) chunks.push(`[${part.join(",")}]`);
  return chunks;
}

/**
 * One statement of `sql` per chunk of `rows`, each binding the chunk as `?1` (read it with
 * `json_each(?1)`) and then `params` as `?2`, `?3`...
 */
export function jsonRowStatements(
  db: D1Database,
  sql: string,
  rows: readonly unknown[],
  ...params: (string | number | null)[]
): D1PreparedStatement[] {
  return jsonRowChunks(rows).map((json) => db.prepare(sql).bind(json, ...params));
}

/** `json_extract(value, '$.<field>') AS <field>` for each field: the columns of a `json_each` row. */
export function jsonColumns(fields: readonly string[]): string {
  return fields.map((f) => `json_extract(value, '$.${f}') AS ${f}`).join(", ");
}
