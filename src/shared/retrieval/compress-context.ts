import { estimateTokens } from "../models/tokens";
import { normalize } from "./normalize";

/** A retrieved passage or part as a model may read it: where it came from, its title and text. */
export interface ContextPassage {
  source: string;
  title: string;
  text: string;
}

export interface CompressedContext {
  /** Most relevant first, each cut to its relevant sentences; together within the budget. */
  passages: ContextPassage[];
  tokens: number;
  /** Sources left out: no word of the question, or no room left. */
  dropped: string[];
}

/** Tokens one passage costs in a prompt, as the model layer counts them. */
export const passageTokens = (p: ContextPassage): number => estimateTokens(`${p.source}\n${p.title}\n${p.text}`);

/** Sentences as written: split after . ! ? followed by a space and a capital, digit or quote. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=["'(A-Z0-9$])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const overlap = (asked: ReadonlySet<string>, text: string): number =>
  new Set(normalize(text).filter((t) => asked.has(t))).size;

/**
 * What a model reads for a question (DESIGN §8): the passages that matter, within a token
 * budget. Each passage is scored by the question's words (normalized the way search normalizes
 * them) in its title and sentences; passages sharing none are dropped, the rest are cut to their
 * sentences that share some (the first when only the title matched) and taken most relevant
 * first, retrieval order breaking ties, while they fit. A passage that does not fit whole is cut
 * at a sentence boundary, never mid-sentence. Pure: the same question and passages give the
 * same context, byte for byte.
 */
export function compressPassages(
  question: string,
  passages: readonly ContextPassage[],
  budgetTokens: number,
): CompressedContext {
  const asked = new Set(normalize(question));
  const scored = passages.map((p, order) => {
    const sentences = sentencesOf(p.text).map((s) => ({ s, score: overlap(asked, s) }));
    const title = overlap(asked, p.title);
    const relevant = sentences.filter((x) => x.score > 0).map((x) => x.s);
    const kept = relevant.length ? relevant : title > 0 ? sentences.slice(0, 1).map((x) => x.s) : [];
    const score = 2 * title + sentences.reduce((n, x) => n + x.score, 0);
    return { p, order, kept, score };
  });
  const ranked = scored.filter((x) => x.score > 0).sort((a, b) => b.score - a.score || a.order - b.order);
  const dropped = scored.filter((x) => x.score === 0).map((x) => x.p.source);
  const out: ContextPassage[] = [];
  let tokens = 0;
  for (const { p, kept } of ranked) {
    const taken: string[] = [];
    for (const sentence of kept) {
      const next = { ...p, text: [...taken, sentence].join(" ") };
      if (tokens + passageTokens(next) > budgetTokens) break;
      taken.push(sentence);
    }
    if (taken.length === 0) {
      dropped.push(p.source);
      continue;
    }
    const passage = { ...p, text: taken.join(" ") };
    tokens += passageTokens(passage);
    out.push(passage);
  }
  return { passages: out, tokens, dropped };
}
