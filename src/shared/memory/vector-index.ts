/**
 * The vector index behind episodic memory (DESIGN §2, §8): the part of Vectorize's semantics this
 * project uses. Production binds Vectorize (`createVectorizeIndex`); on one machine the D1-backed
 * index in `d1-vector-index.ts` stands in with the same upsert, query, namespace and filter rules.
 */

/** Scalar metadata only: what Vectorize can filter on and what the D1 index stores as JSON. */
export type VectorMetadata = Record<string, string | number | boolean>;

/** One vector with its id, namespace and metadata, as written. */
export interface VectorRecord {
  /** At most 64 bytes (a Vectorize limit). */
  id: string;
  values: number[];
  /** A partition searched on its own; a query in one namespace never sees another's vectors. */
  namespace?: string;
  metadata?: VectorMetadata;
}

/** How to search: how many, in which namespace, with which metadata equalities. */
export interface VectorQueryOptions {
  /** At most 20 when metadata is returned, 100 otherwise (Vectorize's limits, enforced locally too). */
  topK: number;
  namespace?: string;
  /** Equality on top-level metadata fields, all of which must hold; strict about type. */
  filter?: VectorMetadata;
  returnMetadata: boolean;
}

/** One result of a query. */
export interface VectorMatch {
  id: string;
  /** Cosine similarity: 1 is identical direction, higher is closer. */
  score: number;
  metadata?: VectorMetadata;
}

/** Vectorize-like index: cosine metric, matches sorted by score descending. */
export interface VectorIndex {
  /** Adds vectors whose ids are new; a vector with an id already present is left as it is. */
  insert(vectors: VectorRecord[]): Promise<void>;
  /** Adds or wholly replaces (values, namespace and metadata) each vector by id. */
  upsert(vectors: VectorRecord[]): Promise<void>;
  /** Namespace and filter narrow the candidates first; similarity ranks only what is left. */
  query(vector: number[], options: VectorQueryOptions): Promise<{ matches: VectorMatch[] }>;
  deleteByIds(ids: string[]): Promise<void>;
}

/** Vectorize's documented limits, applied by both implementations so local runs fail as production would. */
export const VECTOR_LIMITS = {
  maxIdBytes: 64,
  maxNamespaceBytes: 64,
  maxTopKWithMetadata: 20,
  maxTopK: 100,
  maxUpsertBatch: 1000,
} as const;

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

/** Metadata keys Vectorize accepts: non-empty, no `.` or `"`, not starting with `$`. */
export function isValidMetadataKey(key: string): boolean {
  return key.length > 0 && !key.includes(".") && !key.includes('"') && !key.startsWith("$");
}

/** Throws on a vector Vectorize would refuse; all vectors of one write must share a dimension. */
export function assertValidVectors(vectors: readonly VectorRecord[]): void {
  const dims = vectors[0]?.values.length;
  for (const v of vectors) {
    if (v.id.length === 0 || utf8Length(v.id) > VECTOR_LIMITS.maxIdBytes)
      throw new RangeError(`vector id must be 1-${VECTOR_LIMITS.maxIdBytes} bytes: ${v.id}`);
    if (
      v.namespace !== undefined &&
      (v.namespace.length === 0 || utf8Length(v.namespace) > VECTOR_LIMITS.maxNamespaceBytes)
    )
      throw new RangeError(`namespace must be 1-${VECTOR_LIMITS.maxNamespaceBytes} bytes`);
    if (v.values.length === 0 || v.values.length !== dims)
      throw new RangeError(`vector ${v.id} has ${v.values.length} dimensions, batch has ${dims}`);
    if (!v.values.every(Number.isFinite)) throw new RangeError(`vector ${v.id} has a non-finite value`);
    for (const key of Object.keys(v.metadata ?? {}))
      if (!isValidMetadataKey(key)) throw new RangeError(`invalid metadata key: ${key}`);
  }
}

/** Throws on query options Vectorize would refuse. */
export function assertValidQuery(options: VectorQueryOptions): void {
  const max = options.returnMetadata ? VECTOR_LIMITS.maxTopKWithMetadata : VECTOR_LIMITS.maxTopK;
  if (!Number.isInteger(options.topK) || options.topK < 1 || options.topK > max)
    throw new RangeError(`topK must be 1-${max}, got ${options.topK}`);
  for (const key of Object.keys(options.filter ?? {}))
    if (!isValidMetadataKey(key)) throw new RangeError(`invalid filter key: ${key}`);
}

/** Keeps the scalar fields of Vectorize metadata (lists and nested objects are not used here). */
function scalarMetadata(m: Record<string, VectorizeVectorMetadata> | undefined): VectorMetadata | undefined {
  if (!m) return undefined;
  const out: VectorMetadata = {};
  for (const [k, v] of Object.entries(m))
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = v;
  return out;
}

/**
 * The production index: a thin adapter over a Vectorize binding. The index must be created with
 * the embedder's dimensions and the cosine metric, and with a metadata index on every field a
 * query filters on (here `exception_type`), created before vectors are inserted, e.g.
 * `wrangler vectorize create order-episodes --dimensions=768 --metric=cosine` then
 * `wrangler vectorize create-metadata-index order-episodes --property-name=exception_type --type=string`.
 * Vectorize mutations are asynchronous: an upserted vector is queryable a few seconds later.
 */
export function createVectorizeIndex(binding: VectorizeIndex): VectorIndex {
  const toVectorize = (v: VectorRecord): VectorizeVector => ({
    id: v.id,
    values: v.values,
    ...(v.namespace !== undefined ? { namespace: v.namespace } : {}),
    ...(v.metadata !== undefined ? { metadata: v.metadata } : {}),
  });
  const inBatches = async (vectors: VectorRecord[], write: (batch: VectorizeVector[]) => Promise<unknown>) => {
    assertValidVectors(vectors);
    for (let i = 0; i < vectors.length; i += VECTOR_LIMITS.maxUpsertBatch)
      await write(vectors.slice(i, i + VECTOR_LIMITS.maxUpsertBatch).map(toVectorize));
  };
  return {
    insert: (vectors) => inBatches(vectors, (b) => binding.insert(b)),
    upsert: (vectors) => inBatches(vectors, (b) => binding.upsert(b)),
    async query(vector, options) {
      assertValidQuery(options);
      const res = await binding.query(vector, {
        topK: options.topK,
        ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
        ...(options.filter !== undefined ? { filter: options.filter } : {}),
        returnMetadata: options.returnMetadata ? "all" : "none",
        returnValues: false,
      });
      return {
        matches: res.matches.map((m) => {
          const metadata = options.returnMetadata ? scalarMetadata(m.metadata) : undefined;
          return metadata ? { id: m.id, score: m.score, metadata } : { id: m.id, score: m.score };
        }),
      };
    },
    async deleteByIds(ids) {
      for (let i = 0; i < ids.length; i += VECTOR_LIMITS.maxUpsertBatch)
        await binding.deleteByIds(ids.slice(i, i + VECTOR_LIMITS.maxUpsertBatch));
    },
  };
}
