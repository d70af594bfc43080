import type { OrderView } from "../order-view";
import type { ExceptionOf, RecordedException } from "../schemas/exception.schema";
import { decided, type PlaybookContext, type PlaybookResolution, type Resolver } from "./resolution";

/**
 * The learning loop (DESIGN §6): a never-seen kind of exception that a person has already
 * decided for this customer is resolved the way they decided it, citing that episode, unless
 * the customer was unhappy with the result. Episodes are this customer's only (the context
 * holds no other), and the person's resolution is followed as is, never widened.
 */
function followHumanPrecedent(
  ex: ExceptionOf<"unknown">,
  view: OrderView,
  ctx: PlaybookContext,
): PlaybookResolution | null {
  const kind = typeof ex.details.kind === "string" ? ex.details.kind.trim().toLowerCase() : null;
  if (!kind) return null;
  const precedent = ctx.episodes
    .filter(
      (e) =>
        e.customer_id === view.customer_id &&
        e.exception_type === "unknown" &&
        e.root_cause?.trim().toLowerCase() === kind,
    )
    .filter((e) => !["human_review", "declined"].includes(e.resolution_type) && e.customer_satisfaction !== "negative")
    .sort((a, b) => b.occurred_at.localeCompare(a.occurred_at))[0];
  if (!precedent) return null;
  const lesson = precedent.lesson ? ` — ${precedent.lesson}` : "";
  return decided(
    {
      resolution_type: precedent.resolution_type,
      escalated: false,
      ...(precedent.credit_amount !== null ? { amount: precedent.credit_amount } : {}),
      ...(precedent.discount_pct !== null ? { discount_pct: precedent.discount_pct } : {}),
      explanation:
        `"${kind}" was decided for this customer before (${precedent.episode_id}): ` +
        `${precedent.resolution_type.replace(/_/g, " ")}${lesson}. Followed without escalating.`,
    },
    { precedent_episode_ids: [precedent.episode_id] },
  );
}

/** Anything the table does not cover goes to a human with what is known. */
export function resolveNeverSeen(ex: RecordedException): PlaybookResolution {
  const kind = typeof ex.details.kind === "string" ? ex.details.kind : ex.type;
  const detail = typeof ex.details.detail === "string" ? `: ${ex.details.detail}` : "";
  return decided({
    resolution_type: "human_review",
    escalated: true,
    explanation:
      `Never-seen exception "${kind}"${detail}. ` +
      "The playbook has no rule for it; a human decides, and the decision is remembered.",
  });
}

/** The never-seen: a person's earlier decision for this customer when there is one, else a person. */
export const resolveUnknown: Resolver<"unknown"> = (ex, view, ctx) =>
  followHumanPrecedent(ex, view, ctx) ?? resolveNeverSeen(ex);
