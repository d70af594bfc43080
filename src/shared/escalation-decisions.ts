import { z } from "zod";
import { canTransition, type OrderStatus } from "./order-lifecycle";
import type { OrderView } from "./order-view";
import { CLOSED_BY_AMENDMENT, isSplitApproval } from "./order-view-model";
import { Stage, type OrderEventBody } from "./schemas/order-event.schema";
import { refusal as refuse, type Transition } from "./transition";

/** The body of `POST /v1/escalations/:id/decision` (DESIGN §4). */
export const EscalationDecision = z.strictObject({
  decision: z.enum(["approve", "reject", "modify"]),
  resolution: z
    .strictObject({
      resolution_type: z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, { message: "must be a snake_case resolution type" }),
      amount: z.number().finite().nonnegative().optional(),
      discount_pct: z.number().min(0).max(100).optional(),
      explanation: z.string().max(2_000).optional(),
      purchase_order: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  note: z.string().max(2_000).optional(),
});
export type EscalationDecision = z.infer<typeof EscalationDecision>;

/** The proposal of an "abandoned handoff" escalation, opened by the stalled-handoff sweep. */
const AbandonedHandoffProposal = z.object({
  kind: z.literal("abandoned_handoff"),
  handoff_id: z.string(),
  stage: Stage,
});

/**
 * A person's decision on an abandoned handoff: the handoff is closed either way (a late original
 * then changes nothing), and approving or modifying runs its stage again under a new handoff.
 */
function decideAbandonedHandoff(
  escalationId: string,
  proposal: z.infer<typeof AbandonedHandoffProposal>,
  d: EscalationDecision,
  decidedBy: string,
): Transition {
  const events: OrderEventBody[] = [
    {
      type: "escalation.decided",
      data: {
        escalation_id: escalationId,
        exception_id: null,
        decision: d.decision,
        decided_by: decidedBy,
        note: d.note ?? null,
        resolution: null,
      },
    },
    {
      type: "handoff.completed",
      data: {
        handoff_id: proposal.handoff_id,
        stage: proposal.stage,
        summary: `abandoned handoff closed by operations (${d.decision})`,
      },
    },
  ];
  return { events, status: null, next_stage: d.decision === "reject" ? null : proposal.stage, refused: null };
}

/**
 * Applies a person's decision on one escalation (DESIGN §4, §6). A split over $50,000 ships
 * once approved, or waits whole for stock when rejected. An exception's proposed resolution
 * becomes final when approved, is replaced by the person's when modified, and is declined when
 * rejected; once nothing is left open the order returns to where it was. The customer hears
 * of the outcome from the comms agent. An abandoned handoff is closed, and run again unless rejected.
 */
export function applyEscalationDecision(
  view: OrderView,
  escalationId: string,
  d: EscalationDecision,
  decidedBy: string,
  at: string,
): Transition {
  const esc = view.escalations.find((e) => e.escalation_id === escalationId);
  if (!esc) return refuse(`no escalation ${escalationId} on ${view.po_number}`);
  if (esc.status !== "open") return refuse(`escalation ${escalationId} was already decided`);
  const abandoned = AbandonedHandoffProposal.safeParse(esc.proposed_resolution);
  if (abandoned.success) return decideAbandonedHandoff(escalationId, abandoned.data, d, decidedBy);
  if (d.decision === "modify" && !d.resolution) return refuse("a modify decision needs the resolution to apply");
  const proposed = view.resolutions.find((r) => r.exception_id === esc.exception_id);
  const final =
    d.decision === "approve"
      ? d.resolution
        ? { ...d.resolution }
        : null
      : d.decision === "modify"
        ? { ...d.resolution! }
        : {
            resolution_type: "declined",
            explanation: d.note ?? `Operations declined the proposed ${proposed?.resolution_type ?? "action"}.`,
          };
  const resolution = final
    ? {
        resolution_type: final.resolution_type,
        ...(final.amount !== undefined ? { amount: final.amount } : {}),
        ...(final.discount_pct !== undefined ? { discount_pct: final.discount_pct } : {}),
        explanation: final.explanation ?? `Decided by operations (${d.decision})${d.note ? `: ${d.note}` : ""}.`,
      }
    : null;
  const events: OrderEventBody[] = [
    {
      type: "escalation.decided",
      data: {
        escalation_id: escalationId,
        exception_id: esc.exception_id,
        decision: d.decision,
        decided_by: decidedBy,
        note: d.note ?? null,
        resolution,
      },
    },
  ];

  let to: OrderStatus | null = null;
  if (esc.exception_id === null) {
    if (view.status === "awaiting-approval") to = d.decision === "reject" ? "backordered" : "confirmed";
  } else {
    const stillOpen = view.exceptions.some(
      (x) => x.exception_id !== esc.exception_id && (x.status === "open" || x.status === "escalated"),
    );
    if (!stillOpen && (view.status === "exception" || view.status === "quality-hold") && view.resume_status)
      to = view.resume_status;
  }
  const verb = { approve: "approved", reject: "rejected", modify: "modified" }[d.decision];
  const status =
    to && to !== view.status && canTransition(view.status, to)
      ? { to, reason: `escalation ${escalationId} ${verb} by operations`, business_at: at }
      : null;
  // A refused split is planned again, whole, only while it still awaits this decision: an order
  // the ERP has since cancelled or put in production keeps the rejection on record, nothing more.
  const replan = d.decision === "reject" && isSplitApproval(esc) && view.status === "awaiting-approval";
  return { events, status, next_stage: replan ? "fulfillment" : "comms", refused: null };
}

/**
 * Whether a person rejected this order's latest split shipment (DESIGN §6): it then waits whole
 * for stock. A split approval an amendment closed was not rejected, and a later split proposal
 * (after a change) is decided on its own.
 */
export function splitRejected(view: OrderView): boolean {
  const latest = view.escalations.filter(isSplitApproval).at(-1);
  return latest?.decision === "reject" && latest.decided_by !== CLOSED_BY_AMENDMENT;
}
