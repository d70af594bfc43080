import { describe, expect, it } from "vitest";
import { buildFtsMatch, ftsMatchForQuery, MAX_FTS_TERMS } from "../../../src/shared/retrieval/fts-query";
import { buildVocabulary } from "../../../src/shared/retrieval/normalize";
import { NAUGHTY_STRINGS } from "../../fixtures/attacks/blns";

/** The only shape the builder may produce: quoted [a-z0-9] strings joined by OR. */
const SAFE = /^"[a-z0-9]+"(?: OR "[a-z0-9]+")*$/;

const FTS_ATTACKS = [
  'valve" OR body:*',
  "NEAR(valve bearing, 2)",
  "body : flange",
  "valve AND NOT bearing",
  "^valve*",
  '"" OR ""',
  "{body customer_id}: x",
  "valve'); DROP TABLE search_fts; --",
  "(((",
  "-valve +bearing",
];

describe("FTS5 MATCH expression from a query", () => {
  it("quotes each normalized token and ORs them, once each", () => {
    expect(buildFtsMatch(["ball", "valve", "4in", "valve"])).toBe('"ball" OR "valve" OR "4in"');
    expect(ftsMatchForQuery('BALL VLV 4" SS316')).toBe('"ball" OR "valve" OR "4in" OR "stainless" OR "ss316"');
  });

  it("corrects misspellings against the vocabulary before searching", () => {
    const vocabulary = buildVocabulary(["butterfly valve"]);
    expect(ftsMatchForQuery("butterfy valve", vocabulary)).toBe('"butterfly" OR "valve"');
  });

  it("answers null when nothing searchable is left", () => {
    expect(ftsMatchForQuery("")).toBeNull();
    expect(ftsMatchForQuery("please need the")).toBeNull();
    expect(buildFtsMatch(['a"b', "c d"])).toBeNull();
  });

  it("lets no FTS5 syntax through: operators, column filters, quotes and prefixes become plain words", () => {
    for (const attack of FTS_ATTACKS) {
      const match = ftsMatchForQuery(attack);
      if (match !== null) expect(match).toMatch(SAFE);
    }
    expect(ftsMatchForQuery("valve AND NOT bearing")).toBe('"valve" OR "not" OR "bearing"');
  });

  it("stays well-formed over the Big List of Naughty Strings", () => {
    for (const { payload } of NAUGHTY_STRINGS) {
      const match = ftsMatchForQuery(payload);
      if (match !== null) expect(match).toMatch(SAFE);
    }
  });

  it("caps a pasted page at MAX_FTS_TERMS terms", () => {
    const words = Array.from({ length: 100 }, (_, i) => `word${i}`).join(" ");
    expect(ftsMatchForQuery(words)!.split(" OR ")).toHaveLength(MAX_FTS_TERMS);
  });
});
