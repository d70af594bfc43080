import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { seedDatabase } from "../../../src/seed/seed";
import { addDays } from "../../../src/shared/business-dates";
import { loadEpisodesByIds } from "../../../src/shared/db/episode-repository";
import { loadCustomerEpisodes } from "../../../src/shared/db/memory-repository";
import { createD1VectorIndex } from "../../../src/shared/memory/d1-vector-index";
import { createLocalEmbedder } from "../../../src/shared/memory/embedder";
import { recallEpisodes, recordEpisode, purgeExpiredEpisodes } from "../../../src/shared/memory/episode-store";
import type { Episode } from "../../../src/shared/memory/memory.schema";
import { episodicMemoryFor } from "../../../src/shared/memory/memory-backend";

const memory = () => episodicMemoryFor(env);
const today = () => new Date().toISOString().slice(0, 10);
/** A day within retention of the seed episodes, which are dated March 2024 (and January, without a month). */
const SEED_DAY = "2024-04-01";
const MEMPHIS = "UPS weather delay at the Memphis hub in March";
const ids = (r: { episode_id: string }[]) => r.map((x) => x.episode_id);

/** Which customer D1 says an episode belongs to, read without any customer filter. */
async function ownerOf(episodeId: string): Promise<string | null> {
  const row = await env.DB.prepare("SELECT customer_id FROM episodes WHERE episode_id = ?")
    .bind(episodeId)
    .first<{ customer_id: string }>();
  return row?.customer_id ?? null;
}

async function rowCount(table: "episodes" | "episode_vectors", id: string): Promise<number> {
  const column = table === "episodes" ? "episode_id" : "id";
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`)
    .bind(id)
    .first<{ n: number }>();
  return row?.n ?? -1;
}

const episode = (over: Partial<Episode> & Pick<Episode, "episode_id" | "customer_id">): Episode => ({
  exception_type: "carrier_delay",
  carrier: "UPS",
  hub: "Memphis",
  month: 3,
  description: "UPS shipment delayed at the Memphis hub by weather in March.",
  root_cause: null,
  resolution_type: "notify",
  discount_pct: 0,
  credit_amount: null,
  customer_satisfaction: "positive",
  lesson: "Notify within 2 hours",
  occurred_at: `${today()}T08:00:00.000Z`,
  ...over,
});

describe("episodic recall of the seed episodes", () => {
  it("recalls Acme's two Memphis episodes for CUST-001, most similar first", async () => {
    const got = await memory().recall({
      customer_id: "CUST-001",
      exception_type: "carrier_delay",
      text: MEMPHIS,
      onDate: SEED_DAY,
    });
    expect(ids(got)).toEqual(["OE-2024-04521", "OE-2024-04533"]);
    expect(got[0]!.score).toBeGreaterThan(got[1]!.score);
    expect(got[1]!.score).toBeGreaterThan(0.3);
  });

  it("recalls only Beta's own Memphis episode for CUST-002, and nothing for a customer without episodes", async () => {
    const beta = await memory().recall({
      customer_id: "CUST-002",
      exception_type: "carrier_delay",
      text: MEMPHIS,
      onDate: SEED_DAY,
    });
    expect(ids(beta)).toEqual(["OE-2024-04601"]);
    const consolidated = await memory().recall({
      customer_id: "CUST-003",
      exception_type: "carrier_delay",
      text: MEMPHIS,
      onDate: SEED_DAY,
    });
    expect(consolidated).toEqual([]);
  });

  it("filters by exception type: a pricing question finds Beta's pricing episode, not its delay", async () => {
    const got = await memory().recall({
      customer_id: "CUST-002",
      exception_type: "pricing_discrepancy",
      text: "invoiced at list price instead of contract price",
      onDate: SEED_DAY,
    });
    expect(ids(got)).toEqual(["OE-2024-05102"]);
  });

  it("never returns another customer's episode, for any customer, type or query", async () => {
    const customers = await env.DB.prepare(
      "SELECT customer_id FROM customers UNION SELECT customer_id FROM episodes",
    ).all<{ customer_id: string }>();
    expect(customers.results.length).toBeGreaterThanOrEqual(3);
    const queries = [
      MEMPHIS,
      "invoiced at list price instead of contract price",
      "Beta Industrial bearings delayed",
      "Acme Industrial",
      "quality hold on a lot",
    ];
    let returned = 0;
    for (const { customer_id } of customers.results) {
      for (const exception_type of ["carrier_delay", "pricing_discrepancy", "quality_hold"]) {
        for (const text of queries) {
          // The index itself, below the memory's own customer check: a namespace holds one customer's vectors only.
          const [vector] = await createLocalEmbedder().embed([text]);
          const raw = await createD1VectorIndex(env.DB).query(vector!, {
            topK: 100,
            namespace: customer_id,
            returnMetadata: false,
          });
          for (const r of raw.matches)
            expect({ id: r.id, owner: await ownerOf(r.id) }).toEqual({ id: r.id, owner: customer_id });
          const got = await memory().recall({ customer_id, exception_type, text, topK: 20, onDate: SEED_DAY });
          returned += got.length;
          for (const r of got)
            expect({ id: r.episode_id, owner: await ownerOf(r.episode_id) }).toEqual({
              id: r.episode_id,
              owner: customer_id,
            });
          // Loading applies the customer again: the same ids, none dropped, none added.
          const loaded = await recallEpisodes(env.DB, memory(), {
            customer_id,
            exception_type,
            text,
            topK: 20,
            onDate: SEED_DAY,
          });
          expect(loaded.map((l) => l.episode.customer_id).every((c) => c === customer_id)).toBe(true);
          expect(loaded.map((l) => l.episode.episode_id)).toEqual(ids(got));
        }
      }
    }
    // The loop must have checked real results, not only empty ones.
    expect(returned).toBeGreaterThanOrEqual(4);
  });

  it("keeps customers apart even when another customer's episode is the better match", async () => {
    const text = "Forklift tipped a pallet of gearboxes at the Reno cross-dock";
    await recordEpisode(
      env.DB,
      memory(),
      episode({ episode_id: "OE-ISO-A", customer_id: "CUST-ISO-A", description: "Pallet wrapping torn in transit." }),
    );
    await recordEpisode(
      env.DB,
      memory(),
      episode({ episode_id: "OE-ISO-B", customer_id: "CUST-ISO-B", description: text }),
    );
    const got = await memory().recall({
      customer_id: "CUST-ISO-A",
      exception_type: "carrier_delay",
      text,
      onDate: today(),
    });
    expect(ids(got)).toEqual(["OE-ISO-A"]);
    const other = await memory().recall({
      customer_id: "CUST-ISO-B",
      exception_type: "carrier_delay",
      text,
      onDate: today(),
    });
    expect(ids(other)).toEqual(["OE-ISO-B"]);
    expect(other[0]!.score).toBeGreaterThan(got[0]!.score);
    // Loading by id is customer-scoped too: B's id asked for as A loads nothing.
    expect(await loadEpisodesByIds(env.DB, "CUST-ISO-A", ["OE-ISO-B"])).toEqual([]);
  });
});

describe("storing and replacing episodes", () => {
  it("stores every resolved exception in D1 and the index, and an upsert replaces both", async () => {
    const m = memory();
    await recordEpisode(
      env.DB,
      m,
      episode({ episode_id: "OE-UPS-1", customer_id: "CUST-UPS", root_cause: "Memphis weather" }),
      { po_number: "PO-2026-0001" },
    );
    const first = await recallEpisodes(env.DB, m, {
      customer_id: "CUST-UPS",
      exception_type: "carrier_delay",
      text: MEMPHIS,
      onDate: today(),
    });
    expect(first.map((f) => [f.episode.episode_id, f.episode.root_cause])).toEqual([["OE-UPS-1", "Memphis weather"]]);

    // The same id again, now a quality hold with other words: replaced, not duplicated.
    await recordEpisode(
      env.DB,
      m,
      episode({
        episode_id: "OE-UPS-1",
        customer_id: "CUST-UPS",
        exception_type: "quality_hold",
        description: "Lot L-77 of hydraulic seals held for porosity.",
      }),
      { resolution: "replacement shipment" },
    );
    expect(await rowCount("episodes", "OE-UPS-1")).toBe(1);
    expect(await rowCount("episode_vectors", "OE-UPS-1")).toBe(1);
    expect(
      await m.recall({ customer_id: "CUST-UPS", exception_type: "carrier_delay", text: MEMPHIS, onDate: today() }),
    ).toEqual([]);
    const now = await recallEpisodes(env.DB, m, {
      customer_id: "CUST-UPS",
      exception_type: "quality_hold",
      text: "hydraulic seals held",
      onDate: today(),
    });
    expect(now.map((n) => [n.episode.episode_id, n.episode.description])).toEqual([
      ["OE-UPS-1", "Lot L-77 of hydraulic seals held for porosity."],
    ]);
    const stored = await env.DB.prepare(
      "SELECT customer, root_cause, resolution, po_number FROM episodes WHERE episode_id = ?",
    )
      .bind("OE-UPS-1")
      .first();
    // Details not given on replace are kept; the customer's name falls back to its id when unknown.
    expect(stored).toEqual({
      customer: "CUST-UPS",
      root_cause: "Memphis weather",
      resolution: "replacement shipment",
      po_number: "PO-2026-0001",
    });
  });

  it("takes the customer's name from the customers table", async () => {
    await recordEpisode(
      env.DB,
      memory(),
      episode({ episode_id: "OE-NAME-1", customer_id: "CUST-003", occurred_at: "2019-01-01T00:00:00.000Z" }),
    );
    const row = await env.DB.prepare("SELECT customer FROM episodes WHERE episode_id = ?")
      .bind("OE-NAME-1")
      .first<{ customer: string }>();
    expect(row?.customer).toBe("Consolidated Mfg");
  });
});

describe("retention", () => {
  it("recalls an episode 179 or 180 days old and not one 181 days old, as the D1 loader does", async () => {
    const onDate = "2021-07-01";
    const m = memory();
    for (const age of [179, 180, 181]) {
      await recordEpisode(
        env.DB,
        m,
        episode({
          episode_id: `OE-RET-${age}`,
          customer_id: "CUST-RET",
          occurred_at: `${addDays(onDate, -age)}T12:00:00.000Z`,
        }),
      );
    }
    const got = await m.recall({ customer_id: "CUST-RET", exception_type: "carrier_delay", text: MEMPHIS, onDate });
    expect(ids(got).sort()).toEqual(["OE-RET-179", "OE-RET-180"]);
    const loader = await loadCustomerEpisodes(env.DB, "CUST-RET", "carrier_delay", onDate);
    expect(loader.map((e) => e.episode_id).sort()).toEqual(ids(got).sort());
  });

  it("purges episodes older than 180 days from both tables, and they are no longer recalled", async () => {
    const onDate = "2020-06-30"; // retention starts 2020-01-02
    const m = memory();
    await recordEpisode(
      env.DB,
      m,
      episode({ episode_id: "OE-PURGE-OLD", customer_id: "CUST-PURGE", occurred_at: "2019-12-01T09:00:00.000Z" }),
    );
    await recordEpisode(
      env.DB,
      m,
      episode({ episode_id: "OE-PURGE-EDGE", customer_id: "CUST-PURGE", occurred_at: "2020-01-01T23:59:59.000Z" }),
    );
    await recordEpisode(
      env.DB,
      m,
      episode({ episode_id: "OE-PURGE-NEW", customer_id: "CUST-PURGE", occurred_at: "2020-06-01T09:00:00.000Z" }),
    );
    // Before the purge, on an earlier date, the old ones are still within retention and recalled.
    const before = await m.recall({
      customer_id: "CUST-PURGE",
      exception_type: "carrier_delay",
      text: MEMPHIS,
      onDate: "2020-02-01",
    });
    expect(ids(before).sort()).toEqual(["OE-PURGE-EDGE", "OE-PURGE-NEW", "OE-PURGE-OLD"]);

    const purged = await purgeExpiredEpisodes(env.DB, m, onDate);
    expect(purged).toContain("OE-PURGE-OLD");
    expect(purged).toContain("OE-PURGE-EDGE");
    expect(purged).not.toContain("OE-PURGE-NEW");
    // Nothing in retention is purged, whoever it belongs to: the seed episodes are today's.
    expect(purged.filter((id) => id.startsWith("OE-2024-"))).toEqual([]);
    for (const id of ["OE-PURGE-OLD", "OE-PURGE-EDGE"]) {
      expect(await rowCount("episodes", id)).toBe(0);
      expect(await rowCount("episode_vectors", id)).toBe(0);
    }
    expect(await rowCount("episodes", "OE-PURGE-NEW")).toBe(1);
    expect(await rowCount("episode_vectors", "OE-PURGE-NEW")).toBe(1);
    // Gone, not merely filtered: asked on the earlier date they would be in retention, yet are not found.
    const after = await m.recall({
      customer_id: "CUST-PURGE",
      exception_type: "carrier_delay",
      text: MEMPHIS,
      onDate: "2020-02-01",
    });
    expect(ids(after)).toEqual(["OE-PURGE-NEW"]);
    // A second purge finds nothing more.
    expect((await purgeExpiredEpisodes(env.DB, m, onDate)).filter((id) => id.startsWith("OE-PURGE-"))).toEqual([]);
  });
});

describe("seeding the local index", () => {
  const SEED_IDS = ["OE-2024-04521", "OE-2024-04533", "OE-2024-04601", "OE-2024-05102"];
  const seededVectors = async () =>
    (
      await env.DB.prepare(
        `SELECT id, namespace FROM episode_vectors WHERE id IN (${SEED_IDS.map(() => "?").join(", ")}) ORDER BY id`,
      )
        .bind(...SEED_IDS)
        .all<{ id: string; namespace: string }>()
    ).results;

  it("holds one vector per seed episode, in its customer's namespace, and a repeat changes nothing", async () => {
    const expected = [
      { id: "OE-2024-04521", namespace: "CUST-001" },
      { id: "OE-2024-04533", namespace: "CUST-001" },
      { id: "OE-2024-04601", namespace: "CUST-002" },
      { id: "OE-2024-05102", namespace: "CUST-002" },
    ];
    expect(await seededVectors()).toEqual(expected);
    await seedDatabase(env);
    expect(await seededVectors()).toEqual(expected);
  });

  it("fills the index of a database seeded before the index existed", async () => {
    await env.DB.prepare(`DELETE FROM episode_vectors WHERE id IN (${SEED_IDS.map(() => "?").join(", ")})`)
      .bind(...SEED_IDS)
      .run();
    await env.DB.prepare("DELETE FROM meta WHERE key = 'episode_memory_seeded_at'").run();
    expect(await seededVectors()).toEqual([]);
    expect(await seedDatabase(env)).toEqual({ seeded: false, orders: 0 });
    expect((await seededVectors()).map((v) => v.id)).toEqual(SEED_IDS);
    const got = await memory().recall({
      customer_id: "CUST-001",
      exception_type: "carrier_delay",
      text: MEMPHIS,
      onDate: SEED_DAY,
    });
    expect(ids(got)).toEqual(["OE-2024-04521", "OE-2024-04533"]);
  });
});
