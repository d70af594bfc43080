/** Task routing (DESIGN §7): which Claude tier does a piece of language work, and why. */
import { z } from "zod";
import seed from "./models.json";

type TaskName = keyof typeof seed.task_routing;

// Object.keys widens to string[]; the JSON module's type has the literal keys, and the
// RoutingTable parse below fails at load if the two ever disagree.
/** The kinds of language work the system asks for; the keys of `task_routing` in models.json. */
export const ModelTask = z.enum(Object.keys(seed.task_routing) as [TaskName, ...TaskName[]]);
export type ModelTask = z.infer<typeof ModelTask>;

/** Model tiers, cheapest first. */
export const ModelTier = z.enum(["haiku", "sonnet", "opus"]);
export type ModelTier = z.infer<typeof ModelTier>;

/** A tier's model id, USD prices per million tokens and the smallest prefix the API will cache. */
export const ModelSpec = z.object({
  id: z.string().min(1),
  input_per_mtok: z.number().nonnegative(),
  output_per_mtok: z.number().nonnegative(),
  min_cacheable_tokens: z.number().int().positive(),
});
export type ModelSpec = z.infer<typeof ModelSpec>;

const Threshold = z.coerce.number().min(0).max(1);

// The override thresholds live in the keys ("above_0.85", "below_0.2_and_sonnet") so that
// models.json stays the single source of truth; a key we cannot read fails at load, not later.
const Overrides = z.record(z.string(), ModelTier).transform((raw, ctx) => {
  let above: { threshold: number; tier: ModelTier } | null = null;
  let below: { threshold: number; from: ModelTier; tier: ModelTier } | null = null;
  for (const [key, tier] of Object.entries(raw)) {
    const a = /^above_([\d.]+)$/.exec(key);
    const b = /^below_([\d.]+)_and_(\w+)$/.exec(key);
    if (a) above = { threshold: Threshold.parse(a[1]), tier };
    else if (b) below = { threshold: Threshold.parse(b[1]), from: ModelTier.parse(b[2]), tier };
    else ctx.addIssue({ code: "custom", message: `unknown complexity override ${key}` });
  }
  return { above, below };
});

const RoutingTable = z.object({
  models: z.object({ haiku: ModelSpec, sonnet: ModelSpec, opus: ModelSpec }),
  task_routing: z.record(ModelTask, ModelTier),
  complexity_overrides: Overrides,
});

const table = RoutingTable.parse(seed);

/** The routing table as loaded from models.json beside this file. */
export const MODEL_SPECS: Readonly<Record<ModelTier, ModelSpec>> = table.models;

/** Where a task goes and why; every model call carries one. */
export interface RouteDecision {
  task: ModelTask;
  tier: ModelTier;
  /** The model id sent to the API. */
  model: string;
  /** Human-readable, recorded in the cost ledger and on the span. */
  reason: string;
  min_cacheable_tokens: number;
  prices: { input_per_mtok: number; output_per_mtok: number };
}

/**
 * Routes a task to a tier: the task's tier from the table, unless `complexity` (0..1) is above
 * the Opus threshold, or below the lower threshold for a task of the tier that override names.
 * Thresholds are strict (`> 0.85`, `< 0.2`), as the table's keys say.
 */
export function routeTask(task: ModelTask, complexity?: number): RouteDecision {
  const base = table.task_routing[ModelTask.parse(task)];
  if (complexity !== undefined && !(Number.isFinite(complexity) && complexity >= 0 && complexity <= 1)) {
    throw new RangeError(`complexity must be a number in [0, 1], got ${complexity}`);
  }
  const { above, below } = table.complexity_overrides;
  let tier = base;
  let reason = `task ${task} -> ${base}`;
  if (complexity !== undefined && above && complexity > above.threshold) {
    tier = above.tier;
    reason = `complexity ${complexity} > ${above.threshold} forces ${above.tier}`;
  } else if (complexity !== undefined && below && base === below.from && complexity < below.threshold) {
    tier = below.tier;
    reason = `complexity ${complexity} < ${below.threshold} sends a ${below.from} task to ${below.tier}`;
  }
  const spec = MODEL_SPECS[tier];
  return {
    task,
    tier,
    model: spec.id,
    reason,
    min_cacheable_tokens: spec.min_cacheable_tokens,
    prices: { input_per_mtok: spec.input_per_mtok, output_per_mtok: spec.output_per_mtok },
  };
}
