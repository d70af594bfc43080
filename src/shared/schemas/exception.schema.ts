import { z } from "zod";
import { BackorderLine } from "./fulfillment.schema";
import { JsonMember, JsonObject } from "./json.schema";

/** The exception types of the playbook (DESIGN §6); `unknown` is the never-seen. */
export const ExceptionType = z.enum(["carrier_delay", "pricing_discrepancy", "quality_hold", "backorder", "unknown"]);
export type ExceptionType = z.infer<typeof ExceptionType>;

/**
 * Details are read liberally, as stored events must keep folding: the fields a shape names are
 * checked, any other field is kept as plain JSON (seed history adds a `description`).
 */
const details = <S extends z.ZodRawShape>(shape: S) => z.object(shape).catchall(JsonMember);

/** What an ERP's `exception.reported` says, whichever type its kind names (DESIGN §5.3). */
const Reported = details({ source: z.literal("erp"), kind: z.string(), detail: z.string().nullable() });

/** Details recorded without a source: seed history, and details written before sources were. */
const unsourced = <S extends z.ZodRawShape>(shape: S) => details({ source: z.never().optional(), ...shape });
const optionalText = z.string().nullish();

/** A priced line as a pricing discrepancy sees it. */
export const ChargedLine = z.object({ sku: z.string(), qty: z.number(), charged: z.number(), contract: z.number() });
export type ChargedLine = z.infer<typeof ChargedLine>;

export const CarrierDelayDetails = z.union([
  details({
    source: z.literal("carrier"),
    cause: z.enum(["weather", "delay", "eta_slip"]),
    carrier: z.string(),
    tracking: z.string(),
    shipment_id: z.string(),
    hub: z.string(),
    previous_eta: z.string().nullable(),
    new_eta: z.string().nullable(),
    detail: z.string().nullable(),
  }),
  Reported,
  unsourced({ carrier: optionalText, hub: optionalText, tracking: optionalText, new_eta: optionalText }),
]);

const Priced = { direction: z.enum(["overcharge", "undercharge"]), lines: z.array(ChargedLine) };
export const PricingDiscrepancyDetails = z.union([
  details({ source: z.literal("po"), ...Priced }),
  details({ source: z.literal("invoice"), invoice_id: z.string(), ...Priced }),
  Reported,
  unsourced({}),
]);

export const QualityHoldDetails = z.union([
  // An ERP `quality.hold`: the held lot of one of the order's SKUs, with the order's quantity of it.
  unsourced({ sku: z.string(), lot: z.string(), reason: z.string(), qty: z.number() }),
  Reported,
  unsourced({ sku: optionalText, lot: optionalText, qty: z.number().optional() }),
]);

export const BackorderDetails = z.union([
  details({ source: z.literal("allocation"), backorders: z.array(BackorderLine) }),
  // Stock the order held is gone (an ERP inventory drop).
  details({
    source: z.literal("inventory"),
    sku: z.string(),
    warehouse: z.string(),
    qty: z.number(),
    supplier_eta: z.string().nullable(),
  }),
  Reported,
  unsourced({}),
]);

export const UnknownDetails = z.union([
  details({
    source: z.literal("carrier"),
    kind: z.string(),
    carrier: z.string(),
    tracking: z.string(),
    shipment_id: z.string(),
    location: z.string(),
    detail: z.string().nullable(),
  }),
  Reported,
  unsourced({ kind: optionalText, detail: optionalText }),
]);

/** Each exception type's details; a new type adds its schema here and its resolver in `playbook/`. */
export const EXCEPTION_DETAILS = {
  carrier_delay: CarrierDelayDetails,
  pricing_discrepancy: PricingDiscrepancyDetails,
  quality_hold: QualityHoldDetails,
  backorder: BackorderDetails,
  unknown: UnknownDetails,
} as const satisfies Record<ExceptionType, z.ZodType>;

type DetailsOf = { [T in ExceptionType]: z.infer<(typeof EXCEPTION_DETAILS)[T]> };

/** An exception as the order records it, open or not, its details typed by its type. */
export type ExceptionOf<T extends ExceptionType = ExceptionType> = {
  [P in T]: { exception_id: string; type: P; detected_at: string; details: DetailsOf[P] };
}[T];

/** An exception found on an order, before it has an id and a date. */
export type DetectedException<T extends ExceptionType = ExceptionType> = {
  [P in T]: { type: P; details: DetailsOf[P] };
}[T];

const recorded = <T extends ExceptionType>(type: T) =>
  z.object({
    exception_id: z.string(),
    type: z.literal(type),
    detected_at: z.string(),
    details: EXCEPTION_DETAILS[type],
  });

/** The data of `exception.opened`. */
export const RecordedException = z.discriminatedUnion("type", [
  recorded("carrier_delay"),
  recorded("pricing_discrepancy"),
  recorded("quality_hold"),
  recorded("backorder"),
  recorded("unknown"),
]);
export type RecordedException = ExceptionOf;

const Decision = z.enum(["approve", "reject", "modify"]);

export const Resolution = z.object({
  exception_id: z.string(),
  resolution_type: z.string(),
  escalated: z.boolean(),
  amount: z.number().optional(),
  discount_pct: z.number().optional(),
  precedent_episode_ids: z.array(z.string()),
  rule_ids: z.array(z.string()),
  model: z.string().nullable(),
  confidence: z.number().min(0).max(1),
  explanation: z.string(),
  /** A procedural rule's deadline for telling the customer (OR-001: 2 hours), tighter than the contract's. */
  notify_within_hours: z.number().positive().optional(),
  /** Who made it final when a person decided: approve, reject or modify. */
  decision: Decision.optional(),
});
export type Resolution = z.infer<typeof Resolution>;

/** The events of an order's exceptions and the people who decide them. */
export const EXCEPTION_EVENTS = [
  z.object({ type: z.literal("exception.opened"), data: RecordedException }),
  z.object({
    type: z.literal("exception.resolved"),
    data: z.object({ resolution: Resolution }),
  }),
  z.object({
    type: z.literal("escalation.opened"),
    data: z.object({
      escalation_id: z.string(),
      exception_id: z.string().nullable(),
      reason: z.string(),
      proposed_resolution: JsonObject.nullable(),
    }),
  }),
  z.object({
    type: z.literal("escalation.decided"),
    /** A person's decision; `resolution` is the final one when the decision changes or completes it. */
    data: z.object({
      escalation_id: z.string(),
      exception_id: z.string().nullable(),
      decision: Decision,
      decided_by: z.string(),
      note: z.string().nullable(),
      resolution: z
        .object({
          resolution_type: z.string(),
          amount: z.number().optional(),
          discount_pct: z.number().optional(),
          explanation: z.string(),
        })
        .nullable(),
    }),
  }),
  z.object({
    type: z.literal("csat.recorded"),
    data: z.object({ exception_id: z.string(), customer_satisfaction: z.enum(["positive", "neutral", "negative"]) }),
  }),
] as const;
