import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { ftsMatchForQuery } from "../../../src/shared/retrieval/fts-query";
import { buildVocabulary } from "../../../src/shared/retrieval/normalize";
import { partDocument } from "../../../src/shared/retrieval/search-documents";
import { NAUGHTY_STRINGS } from "../../fixtures/attacks/blns";

// A table of this file's own: the wiring session's migration will create the real one.
const TABLE = "retrieval_fts_test";
const PARTS = [
  {
    sku: "VLV-BL-4IN-SS316-300",
    description: 'BALL VLV 4" SS316 CL300 RF FLGD',
    list_price: 900,
    lead_time_days: 7,
    notes: "",
  },
  {
    sku: "VLV-GT-4IN-CS-150",
    description: "GATE VALVE, 4 INCH, CARBON STEEL, 150#",
    list_price: 700,
    lead_time_days: 7,
    notes: "",
  },
  {
    sku: "BRG-6205-2RS",
    description: "DEEP GROOVE BALL BEARING 6205-2RS 25MM BORE",
    list_price: 7,
    lead_time_days: 3,
    notes: "",
  },
];
const vocabulary = buildVocabulary(PARTS.map((p) => p.description));

async function search(query: string): Promise<string[]> {
  const match = ftsMatchForQuery(query, vocabulary);
  if (match === null) return [];
  const { results } = await env.DB.prepare(
    `SELECT doc_id FROM ${TABLE} WHERE ${TABLE} MATCH ? ORDER BY bm25(${TABLE}) LIMIT 10`,
  )
    .bind(match)
    .all<{ doc_id: string }>();
  return results.map((r) => r.doc_id);
}

describe("FTS5 in D1 with the built MATCH expressions", () => {
  beforeAll(async () => {
    await env.DB.exec(
      `CREATE VIRTUAL TABLE IF NOT EXISTS ${TABLE} USING fts5(doc_id UNINDEXED, body, tokenize = 'unicode61')`,
    );
    await env.DB.batch(
      PARTS.map(partDocument).map((d) =>
        env.DB.prepare(`INSERT INTO ${TABLE} (doc_id, body) VALUES (?, ?)`).bind(d.id, d.body),
      ),
    );
  });

  it("finds parts in buyers' wording, BM25 ranking the fuller match first", async () => {
    expect((await search("4 inch stainless ball valve 300#"))[0]).toBe("p:VLV-BL-4IN-SS316-300");
    expect((await search("gate vlv 4in carbon steel"))[0]).toBe("p:VLV-GT-4IN-CS-150");
    expect((await search("bearng 6205 2RS"))[0]).toBe("p:BRG-6205-2RS");
  });

  it("never fails on hostile text: every naughty string runs as a plain search", async () => {
    const hostile = [
      'valve" OR body:*',
      "NEAR(valve bearing, 2)",
      "body : flange",
      "{body doc_id}: x",
      "valve'); DROP TABLE retrieval_fts_test; --",
      ...NAUGHTY_STRINGS.map((s) => s.payload),
    ];
    for (const query of hostile) await expect(search(query)).resolves.toBeInstanceOf(Array);
    expect(await search("valve")).toHaveLength(2);
  });
});
