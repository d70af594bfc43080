import { describe, expect, it } from "vitest";
import {
  buildVocabulary,
  correctSpelling,
  editDistance,
  normalize,
  normalizedText,
  normalizeQuery,
  numberToken,
} from "../../../src/shared/retrieval/normalize";

const n = (text: string) => normalize(text).join(" ");
const bag = (text: string) => normalize(text).sort();

describe("normalize: buyers' wording to search tokens", () => {
  it("writes every inch spelling as one token, fractions and decimals alike", () => {
    for (const form of ['4"', "4in", "4 in", "4 inch", "4-inch", "4 inches", "4 IN.", "4″"])
      expect(n(`${form} valve`)).toBe("4in valve");
    for (const form of ['1-1/2"', "1 1/2 inch", "1.5 in", "1-1/2IN", "1.50-inch"]) expect(n(form)).toBe("1p5in");
    expect(n("3/4 NPT")).toBe("0p75in npt");
    expect(numberToken(0.4375)).toBe("0p4375");
  });

  it("reads 'in' before a place as the word, not inches: a count in stock stays a count", () => {
    expect(n("are 4 in stock?")).toBe("4 stock");
    expect(n("2 in the box")).toBe("2 box");
    expect(n('4" in stock')).toBe("4in stock");
    expect(n("4 in. gate valve")).toBe("4in gate valve");
    expect(n("ball valve 1 in SS")).toBe("ball valve 1in stainless");
  });

  it("expands the trade's abbreviations to the catalog's words", () => {
    expect(n("4 in valve assy")).toBe("4in valve assembly");
    expect(n("PRV 600psi")).toBe("pressure relief valve 600psi");
    expect(n("brg")).toBe("bearing");
    expect(n("mtr 15HP")).toBe("motor 15hp");
    expect(n("vlv flg gskt")).toBe("valve flange gasket");
    expect(n("SS bearing")).toBe("stainless bearing");
    expect(n("FLG SO")).toBe("flange slipon");
    expect(n("SW gasket")).toBe("spiral wound gasket");
  });

  it("reads materials, ratings, power and voltage however they are written", () => {
    for (const form of ["SS316", "316SS", "S/S 316", "316 stainless", "stainless steel 316", "SST 316", "F316"])
      expect(n(form)).toBe("stainless ss316");
    for (const form of ["CL300", "300#", "class 300", "300 LB", "ANSI 300"]) expect(n(form)).toBe("class300");
    expect(n("carbon steel")).toBe("carbonsteel");
    expect(n("CS")).toBe("carbonsteel");
    expect(n("600 PSIG")).toBe("600psi");
    expect(n("15 HP (11KW) 1800 RPM")).toBe("15hp 11kw 1800rpm");
    expect(n("1/2HP")).toBe("0p5hp");
    expect(n("230/460V 3PH")).toBe("230v 460v 3phase");
    expect(n("NPT(F)")).toBe("female npt");
  });

  it("folds plurals and drops words that name no part", () => {
    expect(n("60 of the 4-inch valve assemblies")).toBe("60 4in valve assembly");
    expect(n("need pcs of bearings please")).toBe("bearing");
    expect(n("brass")).toBe("brass");
  });

  it("makes attribute order irrelevant", () => {
    expect(bag('BALL VLV 4" SS316 CL300')).toEqual(bag("300# 316 stainless ball valve 4 inch"));
  });

  it("corrects misspellings against the catalog's vocabulary, leaving codes and numbers alone", () => {
    const vocabulary = buildVocabulary([
      "Butterfly valve 6 inch EPDM",
      "Ball bearing 6205-2RS",
      "Stainless bearing",
      "gasket",
    ]);
    expect(normalize("butterfy vlave 6in", { vocabulary })).toEqual(["butterfly", "valve", "6in"]);
    expect(normalize("bearng stainles", { vocabulary })).toEqual(["bearing", "stainless"]);
    expect(normalize("gaskit", { vocabulary })).toEqual(["gasket"]);
    expect(correctSpelling("6206", vocabulary)).toBe("6206");
    expect(correctSpelling("zzzzzz", vocabulary)).toBe("zzzzzz");
  });

  it("corrects a misspelt word ending in s as written, not its folded plural: 'bras' is brass, valves still fold", () => {
    const vocabulary = buildVocabulary(["Ball valve brass 2 inch", "Ball bearing", "Bearing assy"]);
    expect(normalize("bras ball vlv", { vocabulary })).toEqual(["brass", "ball", "valve"]);
    expect(normalize("valves bearings brgs", { vocabulary })).toEqual(["valve", "bearing", "bearing"]);
    expect(normalize("bras")).toEqual(["bra"]);
  });

  it("tokens a query both ways from one rewrite, exactly as normalize does with and without the vocabulary", () => {
    const vocabulary = buildVocabulary(["Ball valve brass 2 inch", "Ball bearing 6205-2RS", "Bearing assy"]);
    for (const query of [
      'bras ball vlv 2"',
      "valves bearings brgs",
      "6205 2rs bearng",
      "the",
      '1-1/2" SS316 CL300 ball valve',
    ]) {
      expect(normalizeQuery(query, vocabulary)).toEqual({
        asWritten: normalize(query),
        searched: normalize(query, { vocabulary }),
      });
    }
    expect(normalizeQuery("bras ball", vocabulary)).toEqual({
      asWritten: ["bra", "ball"],
      searched: ["brass", "ball"],
    });
  });

  it("measures edits with transpositions counted once", () => {
    expect(editDistance("valve", "vlave")).toBe(1);
    expect(editDistance("bearing", "bearng")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("abc", "abcdef", 2)).toBe(3);
  });

  it("keeps tokens to [a-z0-9], so FTS5's tokenizer sees them unchanged", () => {
    expect(normalizedText('Ünïcode "quoted" NEAR(a b) col:val *^ 1/2"')).toMatch(/^[a-z0-9 ]+$/);
  });
});
