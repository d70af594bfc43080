import { z } from "zod";

/** Inputs of the exception agent's four tools (DESIGN §7: diagnose, recall, propose, escalate). */
export const DiagnoseInput = z.strictObject({ exception_id: z.string().min(1).max(100) });
export const RecallInput = z.strictObject({
  exception_id: z.string().min(1).max(100),
  query: z
    .string()
    .max(500)
    .optional()
    .describe("what to look for, in words; the exception's own circumstances are used when absent"),
});
export const ProposeInput = z.strictObject({
  exception_id: z.string().min(1).max(100),
  resolution_type: z.string().regex(/^[a-z][a-z0-9_]{1,63}$/),
  explanation: z.string().min(1).max(1_500),
  confidence: z.number().min(0).max(1),
  discount_pct: z.number().min(0).max(100).optional(),
  amount: z.number().nonnegative().optional(),
});
export type ProposeInput = z.infer<typeof ProposeInput>;
export const EscalateInput = z.strictObject({
  exception_id: z.string().min(1).max(100),
  reason: z.string().min(1).max(1_000),
});
export type EscalateInput = z.infer<typeof EscalateInput>;

/** What the model concluded, per exception, before policy is applied. */
export interface Investigation {
  model: string;
  proposals: Map<string, ProposeInput>;
  escalations: Map<string, EscalateInput>;
  stopped: "end_turn" | "until" | "cost_ceiling" | "max_turns";
}
