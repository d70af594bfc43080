import { z } from "zod";
import { createD1VectorIndex } from "../memory/d1-vector-index";
import { assertValidQuery, type VectorIndex } from "../memory/vector-index";

/** The `meta` key whose value changes with every write to `catalog_vectors` (in the same batch). */
export const CATALOG_VECTORS_VERSION = "catalog_vectors_version";

/** A statement that marks `catalog_vectors` changed, for the batch that changes it. */
export function bumpCatalogVectorsVersion(db: D1Database): D1PreparedStatement {
  return db
    .prepare("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
    .bind(CATALOG_VECTORS_VERSION, crypto.randomUUID());
}

/**
 * Vectors laid out for the scan: `columns[d * ids.length + n]` is dimension d of vector n, so a
 * query walks only its own non-zero dimensions, each one contiguous run over every vector.
 */
export interface VectorColumns {
  ids: string[];
  dimensions: number;
  columns: Float32Array;
  /** Each vector's sum of squares, summed in `cosine`'s order, so a query computes only dot products. */
  norms: Float64Array;
}

interface Loaded extends VectorColumns {
  version: string;
}

const sumOfSquares = (v: ArrayLike<number>): number => {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  return sum;
};

/** `vectors` (all of `dimensions`) in the layout `nearestByCosine` scans. */
export function toColumns(ids: string[], vectors: readonly Float32Array[], dimensions: number): VectorColumns {
  const count = ids.length;
  const columns = new Float32Array(count * dimensions);
  vectors.forEach((v, n) => {
    if (v.length !== dimensions) throw new RangeError(`vector dimensions differ: ${dimensions} vs ${v.length}`);
    for (let d = 0; d < dimensions; d++) columns[d * count + n] = v[d]!;
  });
  return { ids, dimensions, columns, norms: Float64Array.from(vectors, sumOfSquares) };
}

const before = (a: { id: string; score: number }, b: { id: string; score: number }) =>
  a.score > b.score || (a.score === b.score && a.id < b.id);

/**
 * The `topK` nearest of the vectors to `query` by cosine, best first, ties by id: exactly what
 * `cosine` over every vector and a full sort give. Each dot product adds the same products in the
 * same order; it only skips the query's zero dimensions, whose products are zeros that cannot
 * change a sum (stored vectors are finite), and a hashed query has a few dozen of its 384. So a
 * search reads a few hundred KB in order instead of every vector, and sorts nothing.
 */
export function nearestByCosine(
  query: ArrayLike<number>,
  index: VectorColumns,
  topK: number,
): { id: string; score: number }[] {
  const count = index.ids.length;
  if (topK <= 0 || count === 0) return [];
  if (query.length !== index.dimensions)
    throw new RangeError(`vector dimensions differ: ${query.length} vs ${index.dimensions}`);
  const na = sumOfSquares(query);
  const dots = new Float64Array(count);
  for (let d = 0; d < query.length; d++) {
    const q = query[d]!;
    if (q === 0) continue;
    const column = index.columns.subarray(d * count, (d + 1) * count);
    for (let n = 0; n < count; n++) dots[n] = dots[n]! + q * column[n]!;
  }
  const best: { id: string; score: number }[] = [];
  for (let n = 0; n < count; n++) {
    const nb = index.norms[n]!;
    const score = na === 0 || nb === 0 ? 0 : dots[n]! / Math.sqrt(na * nb);
    const id = index.ids[n]!;
    const worst = best.length === topK ? best[topK - 1]! : null;
    if (worst && !(score > worst.score || (score === worst.score && id < worst.id))) continue;
    const hit = { id, score };
    let at = best.length;
    while (at > 0 && before(hit, best[at - 1]!)) at--;
    best.splice(at, 0, hit);
    if (best.length > topK) best.pop();
  }
  return best;
}

// Per isolate: the vectors of one namespace as last read, valid while the version is unchanged.
// The version is a fresh UUID per write, so two databases (tests, a reset) never share an entry.
const loaded = new Map<string, Loaded>();

/** The version of the vectors of `namespace` the isolate holds, if any: a search may scan them and check the version after. */
export const heldVectorsVersion = (namespace: string): string | undefined => loaded.get(namespace)?.version;

const HexRow = z.object({ id: z.string(), embedding: z.string() });

function fromHex(hex: string): Float32Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  const view = new DataView(bytes.buffer);
  return Float32Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
}

/**
 * The local catalog index: `createD1VectorIndex` over `catalog_vectors` for writes, with queries
 * served from the namespace's vectors held in the isolate while `catalog_vectors_version` is
 * unchanged. Thousands of parts' BLOBs are read from D1 once per change instead of per search
 * (which took seconds); a query then costs one small read of the version, or none when the caller
 * has just read it (`knownVersion`, from `readSearchState`) and nothing was written since.
 */
export function createCachedCatalogIndex(db: D1Database, knownVersion?: string): VectorIndex {
  const inner = createD1VectorIndex(db, "catalog_vectors");
  let trusted = knownVersion;
  const bump = async () => {
    trusted = undefined;
    await bumpCatalogVectorsVersion(db).run();
  };
  const readVersion = async () => {
    const row = await db.prepare("SELECT value FROM meta WHERE key = ?1").bind(CATALOG_VECTORS_VERSION).first();
    return z.object({ value: z.string() }).nullable().parse(row)?.value ?? "";
  };
  const load = async (namespace: string): Promise<Loaded> => {
    const version = trusted ?? (await readVersion());
    const hit = loaded.get(namespace);
    if (hit && hit.version === version) return hit;
    const { results } = await db
      .prepare("SELECT id, hex(embedding) AS embedding FROM catalog_vectors WHERE namespace = ?1 ORDER BY id")
      .bind(namespace)
      .all();
    const rows = results.map((r) => HexRow.parse(r));
    const vectors = rows.map((r) => fromHex(r.embedding));
    const fresh = {
      version,
      ...toColumns(
        rows.map((r) => r.id),
        vectors,
        vectors[0]?.length ?? 0,
      ),
    };
    loaded.set(namespace, fresh);
    return fresh;
  };
  return {
    insert: (vectors) => inner.insert(vectors).then(bump),
    upsert: (vectors) => inner.upsert(vectors).then(bump),
    deleteByIds: (ids) => inner.deleteByIds(ids).then(bump),
    async query(vector, options) {
      assertValidQuery(options);
      if (options.namespace === undefined || options.filter !== undefined || options.returnMetadata)
        return inner.query(vector, options);
      return { matches: nearestByCosine(vector, await load(options.namespace), options.topK) };
    },
  };
}
