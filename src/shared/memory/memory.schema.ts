import { z } from "zod";

/** How a customer felt about a resolution, reported later through `csat`. */
export const Satisfaction = z.enum(["positive", "neutral", "negative"]);
export type Satisfaction = z.infer<typeof Satisfaction>;

/** One remembered exception and how it was resolved (episodic memory, DESIGN §6 and §8). */
export const Episode = z.object({
  episode_id: z.string(),
  customer_id: z.string(),
  exception_type: z.string(),
  carrier: z.string().nullable(),
  hub: z.string().nullable(),
  month: z.number().int().min(1).max(12).nullable(),
  description: z.string(),
  /** What caused it; for a never-seen exception, the kind it was reported as (e.g. customs_hold). */
  root_cause: z.string().nullable().default(null),
  resolution_type: z.string(),
  discount_pct: z.number().nullable(),
  credit_amount: z.number().nullable(),
  customer_satisfaction: Satisfaction.nullable(),
  lesson: z.string().nullable(),
  occurred_at: z.string(),
});
export type Episode = z.infer<typeof Episode>;

/** A learned handling rule (procedural memory): not customer-specific, scoped to carrier, hub, months. */
export const ProceduralRule = z.object({
  rule_id: z.string(),
  exception_type: z.string(),
  carrier: z.string().nullable(),
  hub: z.string().nullable(),
  months: z.array(z.number().int().min(1).max(12)).nullable(),
  rule: z.string(),
  action: z.object({ notify_within_hours: z.number().positive().optional() }).catchall(z.unknown()),
  confidence: z.number().min(0).max(1),
  created_from_episodes: z.array(z.string()),
  /** A disabled rule neither fires nor is cited (DESIGN §13); operations can enable it again. */
  enabled: z.boolean().default(true),
});
export type ProceduralRule = z.infer<typeof ProceduralRule>;

/** The circumstances of an exception that memory is matched on. */
export interface ExceptionCircumstances {
  exception_type: string;
  carrier: string | null;
  hub: string | null;
  month: number | null;
}
