import { z } from "zod";
import { cosine } from "./embedder";
import {
  assertValidQuery,
  assertValidVectors,
  type VectorIndex,
  type VectorMatch,
  type VectorMetadata,
  type VectorRecord,
} from "./vector-index";

/**
 * The local stand-in for Vectorize (DESIGN §2): vectors in a D1 table, exact cosine search in the
 * Worker. Vectorize and D1 both run under `wrangler dev`; only Vectorize has no emulation.
 *
 * Storage: the values are a BLOB of little-endian Float32, not JSON. Vectorize itself stores
 * float32, so scores match production's precision; a 384-dimension vector is 1.5 KB instead of
 * ~7 KB of JSON text, and decoding is a byte copy instead of a parse. Metadata is JSON text so
 * SQLite's JSON functions can apply the equality filter in SQL.
 *
 * Search: the namespace and the metadata filter are SQL conditions, so rows of another namespace
 * (another customer's episodes) are never read, let alone scored. Cosine runs over what is left,
 * which for one customer's episodes is small; that is why exact search suffices here.
 */

const Metadata = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
const Row = z.object({ id: z.string(), metadata: z.string(), embedding: z.unknown() });

// Keeps D1 batches well inside its per-call limits.
const WRITE_BATCH = 100;

/** Float32, little-endian on every host (DataView, not the platform's byte order). */
export function encodeVector(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (const [i, x] of values.entries()) view.setFloat32(i * 4, x, true);
  return bytes;
}

/** Reads a BLOB as D1 hands it back (an ArrayBuffer, a typed array, or an array of bytes). */
export function decodeVector(blob: unknown): Float64Array {
  let bytes: Uint8Array;
  if (blob instanceof ArrayBuffer) bytes = new Uint8Array(blob);
  else if (ArrayBuffer.isView(blob)) bytes = new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength);
  else if (Array.isArray(blob) && blob.every((b) => typeof b === "number")) bytes = Uint8Array.from(blob);
  else throw new TypeError("stored vector is not a BLOB");
  if (bytes.length % 4 !== 0) throw new RangeError(`stored vector has ${bytes.length} bytes, not a multiple of 4`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/**
 * One SQL condition per filter field, strict about JSON type as Vectorize is: the string "3"
 * does not equal the number 3, and `true` does not equal 1. The key is validated (no `.` or `"`),
 * then quoted in the JSON path, and bound as a parameter like the value.
 */
function filterCondition(key: string, value: string | number | boolean): { sql: string; params: (string | number)[] } {
  const path = `$."${key}"`;
  if (typeof value === "boolean")
    return { sql: "json_type(metadata, ?) = ?", params: [path, value ? "true" : "false"] };
  if (typeof value === "number")
    return {
      sql: "json_type(metadata, ?) IN ('integer', 'real') AND json_extract(metadata, ?) = ?",
      params: [path, path, value],
    };
  return { sql: "json_type(metadata, ?) = 'text' AND json_extract(metadata, ?) = ?", params: [path, path, value] };
}

/**
 * A Vectorize-compatible index over a D1 table with columns `id` (primary key), `namespace`,
 * `metadata` (JSON text) and `embedding` (Float32 BLOB); `episode_vectors` in the schema.
 * The table name is checked against a strict pattern because it is part of the SQL text.
 */
export function createD1VectorIndex(db: D1Database, table = "episode_vectors"): VectorIndex {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new RangeError(`invalid table name: ${table}`);

  const write = async (vectors: VectorRecord[], onConflict: string) => {
    assertValidVectors(vectors);
    const stmt = db.prepare(
      `INSERT INTO ${table} (id, namespace, metadata, embedding) VALUES (?, ?, ?, ?) ON CONFLICT(id) ${onConflict}`,
    );
    for (let i = 0; i < vectors.length; i += WRITE_BATCH) {
      const batch = vectors.slice(i, i + WRITE_BATCH);
      // A batch is one transaction: a failed write leaves none of its vectors half-stored.
      await db.batch(
        batch.map((v) =>
          stmt.bind(v.id, v.namespace ?? null, JSON.stringify(v.metadata ?? {}), encodeVector(v.values)),
        ),
      );
    }
  };

  return {
    insert: (vectors) => write(vectors, "DO NOTHING"),
    // Replace, not merge: metadata absent from the new record is gone, as in Vectorize.
    upsert: (vectors) =>
      write(
        vectors,
        "DO UPDATE SET namespace = excluded.namespace, metadata = excluded.metadata, embedding = excluded.embedding",
      ),

    async query(vector, options) {
      assertValidQuery(options);
      if (vector.length === 0 || !vector.every(Number.isFinite))
        throw new RangeError("query vector must be non-empty and finite");
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (options.namespace !== undefined) {
        where.push("namespace = ?");
        params.push(options.namespace);
      }
      for (const [key, value] of Object.entries(options.filter ?? {})) {
        const c = filterCondition(key, value);
        where.push(`(${c.sql})`);
        params.push(...c.params);
      }
      const sql = `SELECT id, metadata, embedding FROM ${table}${where.length ? ` WHERE ${where.join(" AND ")}` : ""}`;
      const { results } = await db
        .prepare(sql)
        .bind(...params)
        .all();
      const scored = results.map((raw) => {
        const row = Row.parse(raw);
        const values = decodeVector(row.embedding);
        // Vectorize refuses a query whose dimension differs from the index's; so does this.
        if (values.length !== vector.length)
          throw new RangeError(`query has ${vector.length} dimensions, stored vector ${row.id} has ${values.length}`);
        return { id: row.id, score: cosine(vector, values), metadata: row.metadata };
      });
      // Ties broken by id so equal scores come back in a stable order.
      scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const matches: VectorMatch[] = scored.slice(0, options.topK).map((m) => {
        if (!options.returnMetadata) return { id: m.id, score: m.score };
        const metadata: VectorMetadata = Metadata.parse(JSON.parse(m.metadata));
        return { id: m.id, score: m.score, metadata };
      });
      return { matches };
    },

    async deleteByIds(ids) {
      const stmt = db.prepare(`DELETE FROM ${table} WHERE id = ?`);
      for (let i = 0; i < ids.length; i += WRITE_BATCH)
        await db.batch(ids.slice(i, i + WRITE_BATCH).map((id) => stmt.bind(id)));
    },
  };
}
