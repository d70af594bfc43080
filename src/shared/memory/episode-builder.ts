import type { OrderView } from "../order-view";
import type { Episode } from "./memory.schema";
import { hubCity } from "./procedural-rules";

/** The episode id of an exception: one episode per exception, updated as it completes. */
export const episodeId = (exceptionId: string) => `EP-${exceptionId}`;

const text = (v: unknown) => (typeof v === "string" && v ? v : null);

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/**
 * The lesson of an automatic carrier-delay resolution, worded the same way each time for the
 * same carrier, hub, month and handling, so that repeated cases can be recognised as one
 * lesson and promoted to a rule. Other automatic resolutions teach nothing beyond the table.
 */
function lessonOf(
  type: string,
  carrier: string | null,
  hub: string | null,
  detectedAt: string,
  resolution: string,
  discount: number | undefined,
): string | null {
  if (type !== "carrier_delay" || !carrier || !hub) return null;
  const month = MONTHS[Number(detectedAt.slice(5, 7)) - 1];
  const handling =
    resolution === "notify_with_discount"
      ? `notify proactively with a ${discount ?? 5}% discount when the SLA breaks`
      : "notify proactively with the revised ETA";
  return `${carrier} delays at the ${hub} hub in ${month}: ${handling}`;
}

/**
 * The episode an exception leaves in memory once it has a final resolution (DESIGN §6):
 * customer, type, carrier, hub, month, resolution and amounts; the customer's satisfaction
 * when it has arrived; the decider's note as the lesson. Null while the exception is still
 * open or waiting for a person.
 */
export function episodeFromOrder(view: OrderView, exceptionId: string): Episode | null {
  const ex = view.exceptions.find((x) => x.exception_id === exceptionId);
  const r = view.resolutions.find((x) => x.exception_id === exceptionId);
  if (!ex || !r || ex.status !== "resolved") return null;
  const escalation = view.escalations.find((e) => e.exception_id === exceptionId && e.status === "decided");
  const kind = text(ex.details.kind);
  const carrier = text(ex.details.carrier);
  const hubText = text(ex.details.hub);
  const city = hubCity(hubText);
  const hub = city ? city.replace(/\b\w/g, (ch) => ch.toUpperCase()) : null;
  const detail = text(ex.details.detail) ?? text(ex.details.reason) ?? text(ex.details.cause);
  const what = ex.type === "unknown" ? `Never-seen exception ${kind ?? "unknown"}` : ex.type.replace(/_/g, " ");
  const where = `${hub ? ` at the ${hub} hub` : ""}${carrier ? ` (${carrier})` : ""}`;
  return {
    episode_id: episodeId(exceptionId),
    customer_id: view.customer_id,
    exception_type: ex.type,
    carrier,
    hub,
    month: Number(ex.detected_at.slice(5, 7)) || null,
    description: `${what}${where} on ${view.po_number} for ${view.customer ?? view.customer_id}${detail ? `: ${detail}` : ""}.`,
    root_cause: ex.type === "unknown" ? kind : detail,
    resolution_type: r.resolution_type,
    discount_pct: r.discount_pct ?? null,
    credit_amount: r.amount ?? null,
    customer_satisfaction: ex.customer_satisfaction ?? null,
    lesson: escalation?.note ?? lessonOf(ex.type, carrier, hub, ex.detected_at, r.resolution_type, r.discount_pct),
    occurred_at: ex.detected_at,
  };
}
