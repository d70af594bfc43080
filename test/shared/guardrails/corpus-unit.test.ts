import { describe, expect, it } from "vitest";
import { ATTACK_KINDS } from "../../../src/shared/guardrails/attack-kinds";
import { ATTACKS, BENIGN, type AttackCategory, type Technique } from "../../fixtures/attacks/corpus";

const count = <T>(items: readonly T[], pick: (item: T) => boolean) => items.filter(pick).length;

describe("attack corpus", () => {
  it("holds at least 45 payloads with unique ids", () => {
    expect(ATTACKS.length).toBeGreaterThanOrEqual(45);
    expect(new Set(ATTACKS.map((a) => a.id)).size).toBe(ATTACKS.length);
  });

  it("covers every category", () => {
    const categories: AttackCategory[] = [...ATTACK_KINDS, "encoding"];
    for (const category of categories) {
      expect(
        count(ATTACKS, (a) => a.category === category),
        category,
      ).toBeGreaterThanOrEqual(2);
    }
  });

  it("has at least 5 prompt injections across at least 4 languages", () => {
    const prompts = ATTACKS.filter((a) => a.category === "prompt_injection");
    expect(prompts.length).toBeGreaterThanOrEqual(5);
    expect(new Set(prompts.map((a) => a.lang)).size).toBeGreaterThanOrEqual(4);
  });

  it.each<[Technique, number]>([
    ["base64", 3],
    ["homoglyph", 1],
    ["fullwidth", 1],
    ["bidi_override", 1],
    ["null_byte", 1],
    ["zero_width", 1],
    ["url_encoded", 1],
    ["html_entities", 1],
  ])("has at least %i payload(s) using %s", (technique, atLeast) => {
    expect(count(ATTACKS, (a) => a.technique === technique)).toBeGreaterThanOrEqual(atLeast);
  });

  it("expects a non-empty, sorted, duplicate-free list of known kinds for every payload", () => {
    for (const a of ATTACKS) {
      expect(a.expect.length, a.id).toBeGreaterThan(0);
      expect([...new Set(a.expect)].sort(), a.id).toEqual(a.expect);
      for (const kind of a.expect) expect(ATTACK_KINDS, a.id).toContain(kind);
    }
  });

  it("keeps every payload but the oversized ones within a line description's 500 characters", () => {
    for (const a of ATTACKS) {
      if (a.expect.includes("oversized_text")) expect(a.payload.length, a.id).toBeGreaterThan(10_000);
      else expect(a.payload.length, a.id).toBeLessThanOrEqual(500);
    }
  });
});

describe("benign samples", () => {
  it("holds at least 25 distinct samples", () => {
    expect(BENIGN.length).toBeGreaterThanOrEqual(25);
    expect(new Set(BENIGN).size).toBe(BENIGN.length);
  });

  it("includes non-English text, emoji and accented names", () => {
    expect(BENIGN.some((t) => /\p{Extended_Pictographic}/u.test(t))).toBe(true);
    expect(BENIGN.some((t) => /\p{Script=Cyrillic}/u.test(t))).toBe(true);
    expect(BENIGN.some((t) => /\p{Script=Han}/u.test(t))).toBe(true);
    expect(BENIGN.some((t) => /[éñüøł]/u.test(t))).toBe(true);
  });
});
