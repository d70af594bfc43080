import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { searchIndexWrites } from "../../../src/shared/db/search-index-repository";
import {
  type CatalogVectorEnv,
  selectCatalogVectors,
  syncCatalogVectors,
  vectorCandidates,
} from "../../../src/shared/retrieval/catalog-vectors";
import { passageDocument } from "../../../src/shared/retrieval/search-documents";
import { FakeVectorize } from "../../fixtures/fake-vectorize";

/** Workers AI as far as the embedder uses it: one 768-dimension vector per text. */
const fakeAi = {
  run: async (_model: string, input: { text: string[] }) => ({
    shape: [input.text.length, 768],
    data: input.text.map(() => Array.from({ length: 768 }, (_, i) => (i === 0 ? 1 : 0))),
  }),
} as unknown as Ai;

const cloudflare = (binding: VectorizeIndex): CatalogVectorEnv => ({
  DB: env.DB,
  MEMORY_BACKEND: "cloudflare",
  CATALOG_INDEX: binding,
  AI: fakeAi,
});

const passage = passageDocument({
  passage_id: "CTR-TEST-sla",
  contract_id: "CTR-TEST",
  customer_id: "CUST-001",
  topic: "sla",
  title: "Test SLA",
  text: "Orders ship within two business days.",
});
const pending = async () =>
  (await env.DB.prepare("SELECT id FROM search_vectors_pending").all<{ id: string }>()).results.map((r) => r.id);

describe("catalog vectors on Vectorize", () => {
  beforeEach(async () => {
    await env.DB.prepare("DELETE FROM search_vectors_pending").run();
  });

  it("is chosen with Workers AI only when configured for Cloudflare and both are bound", () => {
    expect(selectCatalogVectors(cloudflare(new FakeVectorize())).kind).toBe("cloudflare");
    expect(selectCatalogVectors({ ...cloudflare(new FakeVectorize()), CATALOG_INDEX: undefined }).kind).toBe("local");
    expect(selectCatalogVectors({ ...cloudflare(new FakeVectorize()), MEMORY_BACKEND: "local" }).kind).toBe("local");
  });

  it("queries the parts' namespace and the asker's own only, merging by score", async () => {
    const fake = new FakeVectorize({
      count: 2,
      matches: [
        { id: "p:A", score: 0.9 },
        { id: "p:B", score: -0.1 },
      ],
    });
    const ids = await vectorCandidates(selectCatalogVectors(cloudflare(fake)), "4in valve", "CUST-001", 50);
    const namespaces = fake.calls
      .filter((c) => c.method === "query")
      .map((c) => (c.args[1] as { namespace: string }).namespace);
    expect(namespaces.sort()).toEqual(["customer:CUST-001", "parts"]);
    // Both namespaces answered the scripted matches; the non-positive one is no evidence and is dropped.
    expect(ids).toEqual(["p:A", "p:A"]);
    const anonymous = new FakeVectorize();
    await vectorCandidates(selectCatalogVectors(cloudflare(anonymous)), "4in valve", null, 50);
    expect(anonymous.calls.map((c) => (c.args[1] as { namespace: string }).namespace)).toEqual(["parts"]);
  });

  it("upserts changed documents after the batch and clears them only once Vectorize took them", async () => {
    await env.DB.batch(searchIndexWrites(env.DB, [passage]));
    expect(await pending()).toEqual(["c:CTR-TEST-sla"]);

    const failing = new FakeVectorize();
    failing.upsert = async () => {
      throw new Error("Vectorize unavailable");
    };
    await expect(syncCatalogVectors(cloudflare(failing))).rejects.toThrow("Vectorize unavailable");
    expect(await pending()).toEqual(["c:CTR-TEST-sla"]);

    const fake = new FakeVectorize();
    expect(await syncCatalogVectors(cloudflare(fake))).toBe(1);
    const [upserted] = fake.calls.filter((c) => c.method === "upsert").map((c) => c.args[0] as VectorizeVector[]);
    expect(upserted).toHaveLength(1);
    expect(upserted![0]).toMatchObject({
      id: "c:CTR-TEST-sla",
      namespace: "customer:CUST-001",
      metadata: { kind: "contract_passage" },
    });
    expect(upserted![0]!.values).toHaveLength(768);
    expect(await pending()).toEqual([]);
  });
});

describe("catalog vectors in D1 (local)", () => {
  const local: CatalogVectorEnv = { DB: env.DB, MEMORY_BACKEND: "local", CATALOG_INDEX: undefined, AI: undefined };
  const stored = async (id: string) =>
    (await env.DB.prepare("SELECT count(*) AS n FROM catalog_vectors WHERE id = ?1").bind(id).first<{ n: number }>())
      ?.n;

  it("are embedded by the sweep a search runs first, not in the import's batch (nor by the seed)", async () => {
    expect(await stored("p:SKU-4892")).toBe(0);
    const late = passageDocument({
      passage_id: "CTR-TEST-late",
      contract_id: "CTR-TEST",
      customer_id: "CUST-001",
      topic: "sla",
      title: "Late deliveries",
      text: "A late delivery earns a marlinspike credit.",
    });
    await env.DB.batch(searchIndexWrites(env.DB, [late]));
    expect(await stored(late.id)).toBe(0);
    expect(await pending()).toContain(late.id);

    expect(await syncCatalogVectors(local)).toBeGreaterThanOrEqual(1);
    expect(await pending()).toEqual([]);
    expect(await stored(late.id)).toBe(1);
    const ids = await vectorCandidates(selectCatalogVectors(local), "marlinspike credit", "CUST-001", 3);
    expect(ids[0]).toBe(late.id);
    expect(await syncCatalogVectors(local)).toBe(0);
  });
});
