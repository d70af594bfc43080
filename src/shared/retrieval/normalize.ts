import { ABBREVIATIONS, CONTEXT_CODES, PHRASES, STOP_WORDS } from "./normalize-lexicon";

/**
 * Buyers' and suppliers' wording → search tokens (DESIGN §8), one function for documents and
 * queries so both land on the same tokens: `4"`, `4 in`, `4-inch` → `4in`; `1-1/2"` → `1p5in`;
 * `SS316`, `316 S/S`, `stainless steel 316` → `stainless ss316`; `300#`, `CL300` → `class300`;
 * `assy` → `assembly`, `PRV` → `pressure relief valve`; plurals folded. Tokens are only [a-z0-9],
 * so they pass FTS5's unicode61 tokenizer unchanged. With a vocabulary, a word the catalog does
 * not contain is corrected to the nearest one it does (`bearng` → `bearing`).
 */

/** Document frequency of each token in the indexed texts: what spelling correction may correct to. */
export type Vocabulary = ReadonlyMap<string, number>;

export interface NormalizeOptions {
  /** When given, unknown words are corrected against it (queries); documents are normalized without. */
  vocabulary?: Vocabulary;
}

/** Words after "in" that make it the preposition. */
const NOT_INCHES = "stock|hand|store|transit|total|the|a|an|our|your|my|each|all|use";

const NUM = String.raw`(\d+[- ]\d+/\d+|\d+/\d+|\d*\.\d+|\d+)`;

/** "1-1/2" → 1.5, "3/4" → 0.75, ".5" → 0.5. */
function numberValue(text: string): number {
  const mixed = /^(\d+)[- ](\d+)\/(\d+)$/.exec(text);
  if (mixed) return Number(mixed[1]) + Number(mixed[2]) / Number(mixed[3]);
  const fraction = /^(\d+)\/(\d+)$/.exec(text);
  if (fraction) return Number(fraction[2]) === 0 ? 0 : Number(fraction[1]) / Number(fraction[2]);
  return Number(text);
}

/** 1.5 → "1p5", 4 → "4": a number as one token, with no "." for a tokenizer to split on. */
export function numberToken(n: number): string {
  return String(Math.round(n * 10_000) / 10_000).replace(".", "p");
}

const withNumber = (unit: string) => (_: string, n: string) => ` ${numberToken(numberValue(n))}${unit} `;

// Order matters: voltage pairs before fractions, units before bare fractions become inches.
const REWRITES: readonly [RegExp, string | ((...groups: string[]) => string)][] = [
  // NFKC has already turned a double prime (″) into two primes.
  [/′′|[″”“]/g, '"'],
  [/[°º]/g, " deg "],
  [/\bs\/s\b/g, " ss "],
  [/\bc\/s\b/g, " cs "],
  [/\br\/f\b/g, " rf "],
  [/\bp\/b\b/g, " pillow block "],
  [/\bn\/c\b/g, " normally closed "],
  [/\bn\/o\b/g, " normally open "],
  [/\bw\//g, " with "],
  [/\bnpt\s?\(f\)/g, " fnpt "],
  [/\bnpt\s?\(m\)/g, " mnpt "],
  [/\b18-8\b/g, " ss304 "],
  [/\bos&y\b/g, " osy "],
  [/\b(\d{2,3})\s?[/-]\s?(\d{2,3})\s?-?(?:v|vac|vdc|volts?)\b/g, " $1v $2v "],
  // "4 in stock", "2 in the box": a count before a place, not 4 inches.
  [new RegExp(`${NUM}\\s?-?\\s?(?:"|''|inch(?:es)?\\b|in\\b(?!\\s+(?:${NOT_INCHES})\\b)\\.?)`, "g"), withNumber("in")],
  [new RegExp(`${NUM}\\s?-?\\s?(?:mm)\\b`, "g"), withNumber("mm")],
  [new RegExp(`${NUM}\\s?-?\\s?(?:psig?)\\b`, "g"), withNumber("psi")],
  [new RegExp(`${NUM}\\s?-?\\s?(?:hp|horsepower)\\b`, "g"), withNumber("hp")],
  [new RegExp(`${NUM}\\s?-?\\s?(?:kw)\\b`, "g"), withNumber("kw")],
  [new RegExp(`${NUM}\\s?-?\\s?(?:v|vac|vdc|volts?)\\b`, "g"), withNumber("v")],
  [new RegExp(`${NUM}\\s?-?\\s?(?:rpm)\\b`, "g"), withNumber("rpm")],
  [new RegExp(`${NUM}\\s?-?\\s?(?:gpm)\\b`, "g"), withNumber("gpm")],
  [new RegExp(`${NUM}\\s?-?\\s?(?:microns?|mic|um|µm)\\b`, "g"), withNumber("micron")],
  [new RegExp(`${NUM}\\s?-?\\s?(?:ph|phase)\\b`, "g"), withNumber("phase")],
  [/\b(?:class|cl|ansi)\s?-?\s?(\d{3,4})\b/g, " class$1 "],
  [/\b(\d{3,4})\s?(?:#|lbs?\b)/g, " class$1 "],
  // A fraction with no unit is a size in inches in this trade ("1/2 NPT", "3/4 x 2").
  [/(?<![\d.])(\d+-\d+\/\d+|\d+\/\d+)(?![\d/])/g, (_: string, n: string) => ` ${numberToken(numberValue(n))}in `],
  [/(\d)\.(\d)/g, "$1p$2"],
  [/(\d)x(\d)/g, "$1 x $2"],
];

function rewrite(text: string): string {
  let out = text.normalize("NFKC").toLowerCase();
  for (const [pattern, replacement] of REWRITES)
    out = typeof replacement === "string" ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
  return out;
}

/** Plural to singular for words (not codes): "valves" → "valve", "assemblies" → "assembly". */
function stem(token: string): string {
  if (!/^[a-z]+$/.test(token) || token.length <= 3) return token;
  if (token.endsWith("ies") && token.length > 4) return `${token.slice(0, -3)}y`;
  if (token.endsWith("s") && !/(ss|us|is)$/.test(token)) return token.slice(0, -1);
  return token;
}

/**
 * A plural folded, unless the fold is a word neither the vocabulary nor the abbreviations know
 * and the word as written corrects to one it does: "bras" is misspelt "brass", not a plural of "bra".
 */
function foldPlural(token: string, vocabulary: Vocabulary | undefined): string {
  const folded = stem(token);
  if (!vocabulary || folded === token || vocabulary.has(folded) || ABBREVIATIONS[folded]) return folded;
  const corrected = correctSpelling(token, vocabulary);
  return corrected === token ? folded : stem(corrected);
}

/** One token to its expansion: abbreviations, and grades run into a material ("316ss" → stainless ss316). */
function expand(token: string): string[] {
  const grade = /^(?:(?:ss|sst)(304|316)l?|(304|316)l?(?:ss|sst)|f(304|316)l?)$/.exec(token);
  if (grade) return ["stainless", `ss${grade[1] ?? grade[2] ?? grade[3]}`];
  const phase = /^(\d)ph$/.exec(token);
  if (phase) return [`${phase[1]}phase`];
  return [...(ABBREVIATIONS[token] ?? [token])];
}

/** A code read by the word beside it ("flg so" → flange slipon), or the code itself. */
function inContext(tokens: readonly string[]): string[] {
  return tokens.flatMap((token, i) => {
    for (const neighbour of [tokens[i - 1], tokens[i + 1]]) {
      const meaning = neighbour === undefined ? undefined : CONTEXT_CODES[neighbour]?.[token];
      if (meaning) return [...meaning];
    }
    return [token];
  });
}

/** Adjacent-word rules: two-word names become one token; a bare grade beside "stainless" becomes ss316. */
function joinPhrases(tokens: string[]): string[] {
  const out: string[] = [];
  for (const token of inContext(tokens)) {
    const prev = out.at(-1);
    const phrase = PHRASES.find(([a, b]) => a === prev && b === token);
    if (phrase) {
      out[out.length - 1] = phrase[2];
      continue;
    }
    if ((token === "304" || token === "316") && prev === "stainless") out.push(`ss${token}`);
    else if (token === "stainless" && (prev === "304" || prev === "316")) out.splice(-1, 1, "stainless", `ss${prev}`);
    else out.push(token);
  }
  return out;
}

const rawTokens = (text: string): string[] => rewrite(text).match(/[a-z0-9]+/g) ?? [];

function tokensOf(raw: readonly string[], vocabulary: Vocabulary | undefined): string[] {
  const expanded = joinPhrases(raw.map((t) => foldPlural(t, vocabulary)).flatMap(expand));
  const kept = expanded.filter((t) => !STOP_WORDS.has(t));
  return vocabulary ? kept.map((t) => correctSpelling(t, vocabulary)) : kept;
}

/** Search tokens of a text, in order; attribute order is irrelevant to everything that reads them. */
export function normalize(text: string, options: NormalizeOptions = {}): string[] {
  return tokensOf(rawTokens(text), options.vocabulary);
}

/** A query's tokens as written (`normalize(text)`) and as searched (corrected against the vocabulary). */
export interface QueryTokens {
  asWritten: readonly string[];
  searched: readonly string[];
}

/** Both of a query's tokenings from one rewrite: the rewrite's regular expressions were most of normalizing. */
export function normalizeQuery(text: string, vocabulary: Vocabulary): QueryTokens {
  const raw = rawTokens(text);
  return { asWritten: tokensOf(raw, undefined), searched: tokensOf(raw, vocabulary) };
}

/** The normalized text of a document, as the FTS5 column holds it. */
export const normalizedText = (text: string): string => normalize(text).join(" ");

/** Document frequencies over the given texts, each normalized without correction. */
export function buildVocabulary(texts: Iterable<string>): Map<string, number> {
  const df = new Map<string, number>();
  for (const text of texts) for (const token of new Set(normalize(text))) df.set(token, (df.get(token) ?? 0) + 1);
  return df;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transposition), stopping past `max`. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/**
 * A word the vocabulary lacks, corrected to the nearest word it has: one edit for words of up
 * to five letters, two for longer ones; ties go to the more common word, then the alphabet.
 * Numbers, codes and short words are left alone: "6205" and "2rs" are not misspellings.
 */
export function correctSpelling(token: string, vocabulary: Vocabulary): string {
  if (vocabulary.has(token) || !/^[a-z]{4,}$/.test(token)) return token;
  const max = token.length <= 5 ? 1 : 2;
  let best: { word: string; distance: number; df: number } | null = null;
  for (const [word, df] of vocabulary) {
    if (!/^[a-z]+$/.test(word)) continue;
    const distance = editDistance(token, word, max);
    if (distance > max) continue;
    if (
      !best ||
      distance < best.distance ||
      (distance === best.distance && (df > best.df || (df === best.df && word < best.word)))
    )
      best = { word, distance, df };
  }
  return best?.word ?? token;
}
