import { mean, ndcgAtK, recallAtK, reciprocalRank } from "./metrics";
import type { LabelledQuery } from "./query-set";

/** One row of the retrieval table: a method's means over the labelled queries. */
export interface MethodScore {
  method: string;
  recall_at_5: number;
  mrr: number;
  ndcg_at_10: number;
}

/**
 * Scores each method's rankings (query id → document ids, best first) against the labels:
 * recall@5 and MRR count exact matches (grade 3), nDCG@10 uses every grade.
 */
export function scoreMethods(
  queries: readonly LabelledQuery[],
  rankings: Readonly<Record<string, ReadonlyMap<string, readonly string[]>>>,
): MethodScore[] {
  return Object.entries(rankings).map(([method, byQuery]) => {
    const per = queries.map((q) => {
      const ranking = byQuery.get(q.id) ?? [];
      return {
        recall: recallAtK(ranking, q.judgments, 5, 3),
        rr: reciprocalRank(ranking, q.judgments, 3),
        ndcg: ndcgAtK(ranking, q.judgments, 10),
      };
    });
    return {
      method,
      recall_at_5: mean(per.map((p) => p.recall)),
      mrr: mean(per.map((p) => p.rr)),
      ndcg_at_10: mean(per.map((p) => p.ndcg)),
    };
  });
}

/** Whether `method` beats every one of `others` on all three metrics. */
export function beatsAll(scores: readonly MethodScore[], method: string, others: readonly string[]): boolean {
  const row = scores.find((s) => s.method === method);
  if (!row) return false;
  return others.every((name) => {
    const other = scores.find((s) => s.method === name);
    return (
      other !== undefined &&
      row.recall_at_5 >= other.recall_at_5 &&
      row.mrr > other.mrr &&
      row.ndcg_at_10 > other.ndcg_at_10
    );
  });
}

/** The table as Markdown, three decimals. */
export function formatScores(scores: readonly MethodScore[]): string {
  const f = (n: number) => n.toFixed(3);
  return [
    "| method | recall@5 | MRR | nDCG@10 |",
    "|---|---|---|---|",
    ...scores.map((s) => `| ${s.method} | ${f(s.recall_at_5)} | ${f(s.mrr)} | ${f(s.ndcg_at_10)} |`),
  ].join("\n");
}
