import { z } from "zod";
import { roundUsd } from "./money";
import type { OrderView } from "./order-view";

/**
 * What an order's status questions cost, kept as running totals beside its event log. Each
 * question is its own interaction (its calls are in the cost ledger and the trace); the order
 * still accounts them (DESIGN §5.2 `cost_usd`, `llm_calls`), but a question adds no event, so
 * customers asking cannot grow the log without bound.
 */
export const QuestionCosts = z.object({
  calls: z.number().int().nonnegative(),
  cost_usd: z.number().nonnegative(),
  billed: z.boolean(),
});
export type QuestionCosts = z.infer<typeof QuestionCosts>;

export const NO_QUESTION_COSTS: QuestionCosts = { calls: 0, cost_usd: 0, billed: false };

/** Totals after one more question's model calls. */
export function addQuestionCosts(totals: QuestionCosts, question: QuestionCosts): QuestionCosts {
  return {
    calls: totals.calls + question.calls,
    cost_usd: roundUsd(totals.cost_usd + question.cost_usd),
    billed: totals.billed || question.billed,
  };
}

/** The view with questions' calls and cost counted in, as the order's own accounting. */
export function withQuestionCosts(view: OrderView, questions: QuestionCosts): OrderView {
  if (questions.calls === 0) return view;
  return {
    ...view,
    llm_calls: view.llm_calls + questions.calls,
    cost_usd: roundUsd(view.cost_usd + questions.cost_usd),
    cost_basis: questions.billed ? "billed" : view.cost_basis,
  };
}
