import { DEFAULT_DELIVERY_WINDOW_DAYS, isSlaRisk, slaDate } from "../allocation";
import { matchRules, notifyWithinHours } from "../memory/procedural-rules";
import { rankPrecedents } from "../memory/precedents";
import type { ExceptionCircumstances } from "../memory/memory.schema";
import type { RecordedException } from "../schemas/exception.schema";
import { decided, type Resolver } from "./resolution";

/** The discount when the SLA breaks and the customer has no precedent that gave one (DESIGN §6). */
export const DEFAULT_DELAY_DISCOUNT_PCT = 5;

const text = (v: unknown) => (typeof v === "string" && v ? v : null);

/** Carrier, hub and month (of the business date it was detected) of a carrier delay. */
export function delayCircumstances(ex: RecordedException): ExceptionCircumstances {
  return {
    exception_type: "carrier_delay",
    carrier: text(ex.details.carrier),
    hub: text(ex.details.hub),
    month: Number(ex.detected_at.slice(5, 7)) || null,
  };
}

/**
 * Carrier delay (DESIGN §6): `notify` when the new ETA still meets the SLA (order date +
 * delivery window), else `notify_with_discount` with the discount of the same customer's most
 * similar positive precedent that gave one, else 5%. Matching procedural rules are cited and
 * their deadline (OR-001: notify within 2 hours) carried out.
 */
export const resolveCarrierDelay: Resolver<"carrier_delay"> = (ex, view, ctx) => {
  const circumstances = delayCircumstances(ex);
  const rules = matchRules(ctx.rules, circumstances);
  const rule_ids = rules.map((r) => r.rule_id);
  const within = notifyWithinHours(rules);
  const positives = rankPrecedents(
    ctx.episodes,
    view.customer_id,
    circumstances,
    (e) => ctx.similarity?.(e.episode_id) ?? 0,
  ).filter((e) => e.customer_satisfaction === "positive");
  const window = view.sla?.delivery_window_days ?? DEFAULT_DELIVERY_WINDOW_DAYS;
  const deadline = slaDate(view.order_date, window);
  const newEta = text(ex.details.new_eta)?.slice(0, 10) ?? text(ex.details.previous_eta) ?? view.eta;
  const where = circumstances.hub ? ` at ${circumstances.hub}` : "";
  const ruleNote = within ? ` Rule ${rule_ids.join(", ")}: notify within ${within} hours.` : "";
  if (newEta === null || !isSlaRisk(newEta, view.order_date, window)) {
    const followed = positives.find((e) => e.resolution_type === "notify") ?? positives[0];
    return {
      ...decided(
        {
          resolution_type: "notify",
          escalated: false,
          explanation: `Carrier delay${where}: new ETA ${newEta ?? "unknown"} still meets the SLA date ${deadline}; proactive notification.${ruleNote}`,
        },
        { precedent_episode_ids: followed ? [followed.episode_id] : [], rule_ids },
      ),
      ...(within ? { notify_within_hours: within } : {}),
    };
  }
  const precedent = positives.find((e) => (e.discount_pct ?? 0) > 0);
  const discount = precedent?.discount_pct ?? DEFAULT_DELAY_DISCOUNT_PCT;
  return {
    ...decided(
      {
        resolution_type: "notify_with_discount",
        escalated: false,
        discount_pct: discount,
        explanation:
          `Carrier delay${where}: new ETA ${newEta} misses the SLA date ${deadline}; notification with a ${discount}% discount` +
          (precedent
            ? `, as in the customer's precedent ${precedent.episode_id}.`
            : `, the standard offer without a precedent.`) +
          ruleNote,
      },
      { precedent_episode_ids: precedent ? [precedent.episode_id] : [], rule_ids },
    ),
    ...(within ? { notify_within_hours: within } : {}),
  };
};
