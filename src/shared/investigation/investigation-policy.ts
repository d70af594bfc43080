import { QUARANTINED, screenModelText, type WithheldModelText } from "../guardrails";
import type { PlaybookResolution } from "../playbook/resolution";
import type { RecordedException } from "../schemas/exception.schema";
import type { Investigation } from "./investigation.schema";

/** Which routed task investigates a set of open exceptions (DESIGN §6, §7). */
export function investigationTask(
  open: readonly RecordedException[],
): "exception_investigation" | "multi_exception" | "complex_resolution" {
  if (open.length >= 2) return "multi_exception";
  return open.some((x) => x.type === "unknown") ? "complex_resolution" : "exception_investigation";
}

/** Whether the model is consulted: what the playbook does not cover, several at once, or anything an event brought in. */
export function needsInvestigation(open: readonly RecordedException[]): boolean {
  return (
    open.length >= 2 ||
    open.some((x) => x.type === "unknown" || (x.details.source !== "po" && x.details.source !== "allocation"))
  );
}

/**
 * Combines the playbook's decision with the model's (DESIGN §7): the model may explain, may ask
 * for a human, and may propose what the table has no row for — but it never overrides a policy
 * limit. For a table type the resolution type, amounts and escalation stay the playbook's; a
 * never-seen exception stays with a person, the model's proposal travelling with it as advice.
 * The model's words reach the customer inside the resolution's explanation, so each is
 * screened like any untrusted text: a flagged one is left out (an escalation it asked for
 * still stands), `[QUARANTINED]` in advice, and returned in `withheld` for the audit trail.
 */
export function applyInvestigation(
  ex: RecordedException,
  playbook: PlaybookResolution,
  found: Investigation | null,
): {
  resolution: PlaybookResolution;
  advice: { resolution_type: string; explanation: string } | null;
  withheld: WithheldModelText[];
} {
  if (!found) return { resolution: playbook, advice: null, withheld: [] };
  const proposal = found.proposals.get(ex.exception_id);
  const asked = found.escalations.get(ex.exception_id);
  const agrees = proposal?.resolution_type === playbook.resolution_type;
  const advises = ex.type === "unknown" && playbook.escalated && proposal !== undefined;
  const explained = proposal && (agrees || advises) ? screenModelText(proposal.explanation, null) : null;
  const reason = asked && !playbook.escalated ? screenModelText(asked.reason, null) : null;
  const notes = [agrees ? explained?.text : null, reason?.text ? `Escalation requested: ${reason.text}` : null].filter(
    Boolean,
  );
  const resolution: PlaybookResolution = {
    ...playbook,
    escalated: playbook.escalated || asked !== undefined,
    model: found.model,
    confidence: proposal ? Math.min(playbook.confidence, proposal.confidence) : playbook.confidence,
    explanation: notes.length ? `${playbook.explanation} Analysis: ${notes.join(" ")}` : playbook.explanation,
  };
  const advice =
    advises && proposal
      ? { resolution_type: proposal.resolution_type, explanation: explained?.text ?? QUARANTINED }
      : null;
  const withheld = [explained?.withheld, reason?.withheld].filter((w): w is WithheldModelText => !!w);
  return { resolution, advice, withheld };
}
