import { z } from "zod";
import type { CatalogPart, ContractPassage, PartAttributes } from "./catalog.schema";
import type { Judgments } from "./metrics";
import { createRng, type Rng } from "./prng";
import { attributeWords, misspell, phrasedTypes, type Style, typeWords } from "./query-phrasing";
import { partDocumentId, passageDocumentId } from "./search-documents";

export const QueryCategory = z.enum([
  "sku",
  "exact",
  "abbreviation",
  "misspelling",
  "units",
  "attribute_order",
  "customer_part",
  "customer_passage",
  "customer_context",
]);
export type QueryCategory = z.infer<typeof QueryCategory>;

export const LabelledQuery = z.object({
  id: z.string(),
  query: z.string().min(1),
  customer_id: z.string().nullable(),
  category: QueryCategory,
  /** Document id → grade: 3 exact, 2 close, 1 related; judged from attributes, never from a search. */
  judgments: z.record(z.string(), z.number().int().min(1).max(3)),
});
export type LabelledQuery = z.infer<typeof LabelledQuery>;

type Key = keyof PartAttributes;
const SPEC_KEYS: readonly Key[] = [
  "size_in",
  "material",
  "pressure_class",
  "pressure_psi",
  "power_hp",
  "voltage",
  "thread",
];
const same = (a: PartAttributes, b: PartAttributes, key: Key) => JSON.stringify(a[key]) === JSON.stringify(b[key]);

/**
 * Grades against a target's named attributes: 3 when the part has every one, 2 when one differs,
 * 1 when it is the same kind of part in the same size. A different kind of part is not relevant.
 */
export function judgeByAttributes(
  target: PartAttributes,
  keys: readonly Key[],
  parts: readonly CatalogPart[],
): Judgments {
  const out: Record<string, number> = {};
  for (const part of parts) {
    const a = part.attributes;
    if (a.family !== target.family || a.type !== target.type) continue;
    const misses = keys.filter((k) => !same(a, target, k)).length;
    const grade =
      misses === 0 ? 3 : misses === 1 ? 2 : same(a, target, "size_in") && same(a, target, "size_mm") ? 1 : 0;
    if (grade > 0) out[partDocumentId(part.sku)] = grade;
  }
  return out;
}

const exactCount = (j: Judgments) => Object.values(j).filter((g) => g === 3).length;

/** Parts a buyer names by attributes: a phrased type whose named attributes pick out at most five. */
function attributeTargets(
  parts: readonly CatalogPart[],
  rng: Rng,
  count: number,
): { part: CatalogPart; keys: Key[] }[] {
  const phrased = new Set(phrasedTypes());
  const pool = rng.shuffle(parts.filter((p) => phrased.has(p.attributes.type) && !p.sku.startsWith("SKU-")));
  const out: { part: CatalogPart; keys: Key[] }[] = [];
  for (const part of pool) {
    if (out.length === count) break;
    const keys = SPEC_KEYS.filter((k) => part.attributes[k] !== undefined);
    const judgments = judgeByAttributes(part.attributes, keys, parts);
    if (keys.length >= 2 && exactCount(judgments) <= 5) out.push({ part, keys });
  }
  return out;
}

function phrase(part: CatalogPart, keys: readonly Key[], style: Style, rng: Rng, shuffled: boolean): string {
  const words = attributeWords(part.attributes, keys, style, rng);
  const name = typeWords(part.attributes.type, style);
  const ordered = shuffled ? rng.shuffle([name, ...words]) : rng.chance(0.5) ? [name, ...words] : [...words, name];
  return ordered.join(" ");
}

const PASSAGE_QUESTIONS: Record<ContractPassage["topic"], readonly string[]> = {
  pricing: ["what is our contract price", "price tiers on our contract"],
  payment: ["what are our payment terms", "when is the invoice due, net days"],
  sla: ["delivery window in our SLA", "how fast do you respond to exceptions"],
  returns: ["return policy for unused parts", "can we return parts, restocking fee"],
  substitutions: ["do you substitute parts when out of stock", "partial shipment and substitution rules"],
};

/**
 * The labelled query set (issue 13): attribute queries in each style, part numbers, and each
 * customer's questions about its own contract and its contract parts. Deterministic by seed.
 */
export function buildQuerySet(
  parts: readonly CatalogPart[],
  passages: readonly ContractPassage[],
  contractSkus: Readonly<Record<string, readonly string[]>>,
  seed = 13,
  idPrefix = "Q",
): LabelledQuery[] {
  const rng = createRng(seed);
  const out: LabelledQuery[] = [];
  const add = (category: QueryCategory, query: string, judgments: Judgments, customer_id: string | null = null) =>
    out.push({
      id: `${idPrefix}${String(out.length + 1).padStart(3, "0")}`,
      query,
      customer_id,
      category,
      judgments: { ...judgments },
    });

  const plan: [QueryCategory, Style, number][] = [
    ["exact", "plain", 30],
    ["abbreviation", "abbreviated", 35],
    ["misspelling", "plain", 30],
    ["units", "units", 25],
    ["attribute_order", "abbreviated", 20],
  ];
  for (const [category, style, count] of plan)
    for (const { part, keys } of attributeTargets(parts, rng, count)) {
      const text = phrase(part, keys, style, rng, category === "attribute_order");
      add(
        category,
        category === "misspelling" ? misspell(text, rng) : text,
        judgeByAttributes(part.attributes, keys, parts),
      );
    }

  for (const part of rng.shuffle(parts.filter((p) => !p.sku.startsWith("SKU-"))).slice(0, 12)) {
    // Another part of the same kind, size and material is related; the part number names one part.
    const alike = judgeByAttributes(part.attributes, ["size_in", "size_mm", "material"], parts);
    const related = Object.fromEntries(Object.keys(alike).flatMap((id) => (alike[id] === 3 ? [[id, 1]] : [])));
    add("sku", rng.chance(0.5) ? part.sku : part.sku.toLowerCase(), { ...related, [partDocumentId(part.sku)]: 3 });
  }

  const seedPhrases: [string, string][] = [
    ["SKU-4892", "4 in valve assy"],
    ["SKU-4892", "60 of the 4-inch valve assemblies"],
    ["SKU-7211", '3" SS bearing'],
    ["SKU-7210", "2 inch stainless brg"],
    ["SKU-9010", "PRV 600psi"],
    ["SKU-3300", "15HP hydraulic pump mtr"],
  ];
  for (const [customer, skus] of Object.entries(contractSkus)) {
    for (const [sku, text] of seedPhrases.filter(([s]) => skus.includes(s))) {
      const part = parts.find((p) => p.sku === sku);
      if (!part) continue;
      const keys = SPEC_KEYS.filter((k) => part.attributes[k] !== undefined);
      add("customer_part", text, judgeByAttributes(part.attributes, keys, parts), customer);
    }
    for (const passage of passages.filter((p) => p.customer_id === customer))
      for (const question of PASSAGE_QUESTIONS[passage.topic])
        add("customer_passage", question, { [passageDocumentId(passage.passage_id)]: 3 }, customer);
  }
  return out;
}

const exactTargets = (q: LabelledQuery) =>
  Object.keys(q.judgments)
    .filter((id) => q.judgments[id] === 3)
    .sort()
    .join(" ");

/**
 * DEV-2: a second draw of the generator (another seed, ids `D…`) for choosing on queries no one
 * has scored. The customer queries are fixed phrasings, the same in every draw, so they are left
 * out, and so is any query whose text or exact parts an existing query already has: nothing in
 * DEV-2 repeats a TEST query.
 */
export function buildDev2QuerySet(
  parts: readonly CatalogPart[],
  existing: readonly LabelledQuery[],
  seed = 2026,
): LabelledQuery[] {
  const texts = new Set(existing.map((q) => q.query.toLowerCase()));
  const targets = new Set(existing.map(exactTargets));
  return buildQuerySet(parts, [], {}, seed, "D").filter(
    (q) => q.customer_id === null && !texts.has(q.query.toLowerCase()) && !targets.has(exactTargets(q)),
  );
}

/** The second TEST's seeds (read once, in the fourth round; now in the DEV pool as `test-queries.json`). */
export const TEST_SEEDS = [4242, 5353] as const;

/** The third held-out TEST's seeds, fixed (with the file it writes) before anything was scored on it. */
export const TEST3_SEEDS = [8686, 9797] as const;

/**
 * A held-out TEST: fresh draws of the generator (`seeds`, ids `prefix` numbered in order), by the
 * same rules as DEV-2: no customer query (fixed phrasings, the same in every draw), and no query
 * whose text or set of exact parts an earlier query, or an earlier one of this draw, has. Two
 * draws, so it holds more than 150 queries.
 */
export function buildTestQuerySet(
  parts: readonly CatalogPart[],
  existing: readonly LabelledQuery[],
  seeds: readonly number[] = TEST_SEEDS,
  prefix = "T",
): LabelledQuery[] {
  const texts = new Set(existing.map((q) => q.query.toLowerCase()));
  const targets = new Set(existing.map(exactTargets));
  const out: LabelledQuery[] = [];
  for (const seed of seeds)
    for (const q of buildQuerySet(parts, [], {}, seed, prefix)) {
      const text = q.query.toLowerCase();
      const target = exactTargets(q);
      if (q.customer_id !== null || texts.has(text) || targets.has(target)) continue;
      texts.add(text);
      targets.add(target);
      out.push({ ...q, id: `${prefix}${String(out.length + 1).padStart(3, "0")}` });
    }
  return out;
}
