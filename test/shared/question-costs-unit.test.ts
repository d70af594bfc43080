import { describe, expect, it } from "vitest";
import { addQuestionCosts, NO_QUESTION_COSTS, withQuestionCosts } from "../../src/shared/question-costs";
import { projectOrderView } from "../../src/shared/order-view";
import { orderEvents } from "../fixtures/order-events";

describe("status questions' costs beside the event log", () => {
  it("adds up questions, rounding to the micro-dollar, billed once any call was billed", () => {
    const one = addQuestionCosts(NO_QUESTION_COSTS, { calls: 1, cost_usd: 0.0012341, billed: false });
    const two = addQuestionCosts(one, { calls: 2, cost_usd: 0.002, billed: true });
    expect(two).toEqual({ calls: 3, cost_usd: 0.003234, billed: true });
  });

  it("counts them in the order's llm_calls and cost_usd, and leaves a view with none untouched", () => {
    const view = projectOrderView(orderEvents());
    expect(withQuestionCosts(view, NO_QUESTION_COSTS)).toBe(view);
    const counted = withQuestionCosts(view, { calls: 2, cost_usd: 0.004, billed: false });
    expect(counted).toMatchObject({
      llm_calls: view.llm_calls + 2,
      cost_usd: Math.round((view.cost_usd + 0.004) * 1e6) / 1e6,
      cost_basis: view.cost_basis,
    });
    expect(withQuestionCosts(view, { calls: 1, cost_usd: 0.001, billed: true }).cost_basis).toBe("billed");
  });
});
