import { describe, expect, it } from "vitest";
import { cosine } from "../../../src/shared/memory/embedder";
import { createCatalogEmbedder } from "../../../src/shared/retrieval/embedder";
import { buildVocabulary } from "../../../src/shared/retrieval/normalize";

const embedder = createCatalogEmbedder();
const similarity = async (a: string, b: string, e = embedder) => {
  const [x, y] = await e.embed([a, b]);
  return cosine(x!, y!);
};

describe("local catalog embedder", () => {
  it("is deterministic and unit length at its dimension", async () => {
    const [a] = await embedder.embed(["BALL VLV 4in SS316"]);
    const [b] = await createCatalogEmbedder().embed(["BALL VLV 4in SS316"]);
    expect(a).toEqual(b);
    expect(a).toHaveLength(384);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 10);
    expect(embedder.name).toBe("local-catalog-ngrams-384");
    expect(() => createCatalogEmbedder({ dimensions: 4 })).toThrow(RangeError);
  });

  it("embeds abbreviations, unit spellings and attribute order alike: they normalize to the same tokens", async () => {
    expect(await similarity('4" valve assy SS316', "stainless steel 316 valve assembly 4 inch")).toBeCloseTo(1, 10);
  });

  it("keeps a misspelling near the right word through character trigrams, without any vocabulary", async () => {
    // Whole tokens outweigh trigrams (GRAM_WEIGHT), so a typo lands near, not on, the word.
    const misspelt = await similarity("butterfy valve", "butterfly valve");
    expect(misspelt).toBeGreaterThan(0.55);
    expect(misspelt).toBeGreaterThan(await similarity("butterfy valve", "check valve"));
    expect(await similarity("butterfy", "butterfly")).toBeGreaterThan(0.2);
    expect(await similarity("bearng", "bearing")).toBeGreaterThan(0.15);
    expect(await similarity("bearng", "flange")).toBe(0);
  });

  it("with the catalog's vocabulary, corrects the misspelling first", async () => {
    const corrected = createCatalogEmbedder({ vocabulary: buildVocabulary(["butterfly valve", "check valve"]) });
    expect(await similarity("butterfy valve", "butterfly valve", corrected)).toBeCloseTo(1, 10);
  });

  it("keeps sizes apart: 4in and 6in are different tokens, not similar strings", async () => {
    expect(await similarity("4in", "6in")).toBeLessThan(0.2);
  });
});
