/**
 * Retrieval metrics over graded judgments (DESIGN §8, issue 13): a ranking is a list of document
 * ids, best first; judgments map an id to its grade (3 exact, 2 close, 1 related; absent is 0).
 */
export type Judgments = Readonly<Record<string, number>>;

/** The ranking without repeats: a document counts once, at its first position. */
function distinct(ranking: readonly string[]): string[] {
  return [...new Set(ranking)];
}

const relevantIds = (judgments: Judgments, minGrade: number) =>
  Object.entries(judgments)
    .filter(([, g]) => g >= minGrade)
    .map(([id]) => id);

/** Share of the documents graded at least `minGrade` found in the first k; 0 when none are. */
export function recallAtK(ranking: readonly string[], judgments: Judgments, k: number, minGrade = 1): number {
  const relevant = relevantIds(judgments, minGrade);
  if (relevant.length === 0) return 0;
  const top = new Set(distinct(ranking).slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

/** 1 / position of the first document graded at least `minGrade`; 0 when there is none. */
export function reciprocalRank(ranking: readonly string[], judgments: Judgments, minGrade = 1): number {
  const i = distinct(ranking).findIndex((id) => (judgments[id] ?? 0) >= minGrade);
  return i < 0 ? 0 : 1 / (i + 1);
}

/** Discounted cumulative gain of grades in order, exponential gain: Σ (2^g − 1) / log2(i + 2). */
export function dcg(grades: readonly number[], k: number): number {
  return grades.slice(0, k).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
}

/** DCG@k of the ranking over the DCG@k of the ideal ordering of the judgments; 0 without judgments. */
export function ndcgAtK(ranking: readonly string[], judgments: Judgments, k: number): number {
  const ideal = dcg(
    Object.values(judgments)
      .filter((g) => g > 0)
      .sort((a, b) => b - a),
    k,
  );
  if (ideal === 0) return 0;
  return (
    dcg(
      distinct(ranking).map((id) => judgments[id] ?? 0),
      k,
    ) / ideal
  );
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
