import type { OfflineAnswerer } from "../models/offline.provider";
import type { ContentBlock, ToolResultContent } from "../models/provider";
import { readTagged } from "../prompts/tagged";

type Diagnosis = {
  exception_id: string;
  playbook_decision: {
    resolution_type: string;
    escalated: boolean;
    explanation: string;
    discount_pct?: number;
    amount?: number;
  };
};

const firstUserText = (request: Parameters<OfflineAnswerer>[0]) => {
  const first = request.messages.find((m) => m.role === "user");
  return typeof first?.content === "string" ? first.content : "";
};

/**
 * The exception investigator without a model key: the same tool-use loop, driven by rules.
 * Turn 1 diagnoses each open exception and recalls the customer's episodes; turn 2 proposes
 * the playbook's decision (asking for a human where the playbook does), after which the loop has
 * what it needs and ends; any later turn only says so.
 * Tokens are counted from these very turns, so the loop's cost is modeled as it would be billed.
 */
export const answerInvestigation: OfflineAnswerer = (request) => {
  const ids =
    (readTagged(firstUserText(request), "open_exceptions") as { exception_id: string }[] | null)?.map(
      (x) => x.exception_id,
    ) ?? [];
  const turn = request.messages.filter((m) => m.role === "assistant").length;
  const results = request.messages.flatMap((m) =>
    typeof m.content === "string" ? [] : m.content.filter((b): b is ToolResultContent => b.type === "tool_result"),
  );
  const id = (name: string, i: number) => `offline_${name}_${turn}_${i}`;
  if (turn === 0) {
    return ids.flatMap((exception_id, i): ContentBlock[] => [
      { type: "tool_use", id: id("diagnose", i), name: "diagnose_exception", input: { exception_id } },
      { type: "tool_use", id: id("recall", i), name: "recall_similar_episodes", input: { exception_id } },
    ]);
  }
  if (turn === 1) {
    const diagnoses = results.flatMap((r) => {
      try {
        const parsed = JSON.parse(r.content) as Partial<Diagnosis>;
        return parsed.playbook_decision && parsed.exception_id ? [parsed as Diagnosis] : [];
      } catch {
        return [];
      }
    });
    const recalled = results.filter((r) => r.content.includes('"episodes"')).length;
    return diagnoses.flatMap((d, i): ContentBlock[] => {
      const p = d.playbook_decision;
      const propose: ContentBlock = {
        type: "tool_use",
        id: id("propose", i),
        name: "propose_resolution",
        input: {
          exception_id: d.exception_id,
          resolution_type: p.resolution_type,
          explanation: `Consistent with the playbook after reviewing the order and ${recalled} recall(s) of this customer's history.`,
          confidence: p.escalated ? 0.6 : 0.9,
          ...(p.discount_pct !== undefined ? { discount_pct: p.discount_pct } : {}),
          ...(p.amount !== undefined ? { amount: p.amount } : {}),
        },
      };
      return p.escalated
        ? [
            propose,
            {
              type: "tool_use",
              id: id("escalate", i),
              name: "escalate_to_human",
              input: { exception_id: d.exception_id, reason: p.explanation },
            },
          ]
        : [propose];
    });
  }
  return [{ type: "text", text: `Investigated ${ids.length} exception(s); proposals follow the playbook.` }];
};
