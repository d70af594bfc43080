import { z } from "zod";
import { createD1VectorIndex } from "../memory/d1-vector-index";
import { cosine } from "../memory/embedder";
import { assertValidQuery, type VectorIndex } from "../memory/vector-index";

/** The `meta` key whose value changes with every write to `catalog_vectors` (in the same batch). */
export const CATALOG_VECTORS_VERSION = "catalog_vectors_version";

/** A statement that marks `catalog_vectors` changed, for the batch that changes it. */
export function bumpCatalogVectorsVersion(db: D1Database): D1PreparedStatement {
  return db
    .prepare("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
    .bind(CATALOG_VECTORS_VERSION, crypto.randomUUID());
}

interface Loaded {
  version: string;
  ids: string[];
  vectors: Float32Array[];
}

// Per isolate: the vectors of one namespace as last read, valid while the version is unchanged.
// The version is a fresh UUID per write, so two databases (tests, a reset) never share an entry.
const loaded = new Map<string, Loaded>();

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
 * (which took seconds); a query then costs one small read of the version.
 */
export function createCachedCatalogIndex(db: D1Database): VectorIndex {
  const inner = createD1VectorIndex(db, "catalog_vectors");
  const bump = async () => {
    await bumpCatalogVectorsVersion(db).run();
  };
  const load = async (namespace: string): Promise<Loaded> => {
    const row = await db.prepare("SELECT value FROM meta WHERE key = ?1").bind(CATALOG_VECTORS_VERSION).first();
    const version = z.object({ value: z.string() }).nullable().parse(row)?.value ?? "";
    const hit = loaded.get(namespace);
    if (hit && hit.version === version) return hit;
    const { results } = await db
      .prepare("SELECT id, hex(embedding) AS embedding FROM catalog_vectors WHERE namespace = ?1 ORDER BY id")
      .bind(namespace)
      .all();
    const rows = results.map((r) => HexRow.parse(r));
    const fresh = { version, ids: rows.map((r) => r.id), vectors: rows.map((r) => fromHex(r.embedding)) };
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
      const { ids, vectors } = await load(options.namespace);
      const scored = ids.map((id, i) => ({ id, score: cosine(vector, vectors[i]!) }));
      scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return { matches: scored.slice(0, options.topK) };
    },
  };
}
