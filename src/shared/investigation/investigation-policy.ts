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

/**
 * Whether the playbook's decision on one exception rests on every fact its table row needs, so
 * that a model could only restate it: a carrier delay with its new ETA, a discrepancy with its
 * priced lines, a quality hold naming the SKU and quantity, any backorder, and a never-seen kind
 * a person has already decided for this customer. A reported kind the table has no row for, or
 * a delay without an estimate, is left to judgement.
 */
function settledByPlaybook(ex: RecordedException, decision: PlaybookResolution | undefined): boolean {
  if (!decision || decision.resolution_type === "human_review") return false;
  const d = ex.details;
  switch (ex.type) {
    case "carrier_delay":
      return typeof d.new_eta === "string" && d.new_eta.length > 0;
    case "quality_hold":
      return typeof d.sku === "string" && d.sku.length > 0 && typeof d.qty === "number" && d.qty > 0;
    case "unknown":
      return !decision.escalated && decision.precedent_episode_ids.length > 0;
    default:
      return true;
  }
}

/**
 * Whether the model is consulted (DESIGN §6, §7): several exceptions at once, or one whose
 * decision needs judgement (see {@link settledByPlaybook}). A decision the table settles is not
 * sent to a model, whose words would only restate it at the price of a tool loop.
 */
export function needsInvestigation(
  open: readonly RecordedException[],
  playbook: ReadonlyMap<string, PlaybookResolution>,
): boolean {
  if (open.length >= 2) return true;
  return open.some((x) => !settledByPlaybook(x, playbook.get(x.exception_id)));
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
