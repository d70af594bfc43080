/**
 * The evaluation suite's format (DESIGN §11), checked with zod before anything is played: a
 * typo in a 100-case file should stop the run with the case and field named, not score a case
 * against a step that never happened.
 */
import { z } from "zod";

/** The categories of DESIGN §11, in the order reports list them. */
export const CATEGORIES = [
  "standard_flow",
  "status_query",
  "exception_carrier_delay",
  "exception_pricing",
  "exception_quality",
  "edge",
  "adversarial",
  "regression",
] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

const Token = z.string().min(1);
const PoRef = z.string().min(1).max(64);

const PortalSubmit = z.strictObject({
  channel: z.literal("portal"),
  token: Token,
  /** The §5.1 body; a string is sent as it is (malformed JSON on purpose). */
  payload: z.unknown(),
  idempotency_key: z.string().min(1).max(200).optional(),
});
const EdiSubmit = z.strictObject({
  channel: z.literal("edi"),
  /** The EDI gateway is an ops principal; default `dev-ops-token`. */
  token: Token.optional(),
  /** The X12 850 interchange text. */
  payload: z.string().min(1),
});
const EmailSubmit = z.strictObject({
  channel: z.literal("email"),
  token: Token.optional(),
  payload: z.strictObject({ from: z.string(), subject: z.string(), body: z.string() }),
  /** The PO the e-mail carries, when its text does not name it as `PO-nnnn-nnnnnn`. */
  po_number: PoRef.optional(),
});
export const SubmitPo = z.discriminatedUnion("channel", [PortalSubmit, EdiSubmit, EmailSubmit]);
export type SubmitPo = z.infer<typeof SubmitPo>;

/** An ERP event exactly as §5.3 defines it; left loose so that invalid events can be played too. */
export const ErpEventStep = z.looseObject({
  type: z.string().min(1),
  occurred_at: z.string().optional(),
  data: z.unknown().optional(),
});
export type ErpEventStep = z.infer<typeof ErpEventStep>;

export const CarrierEventStep = z.strictObject({
  po_number: PoRef,
  /** Index into the order's `shipments`; the runner fills in its tracking number. */
  shipment: z.number().int().nonnegative().default(0),
  status: z.string().min(1),
  location: z.string().optional(),
  occurred_at: z.string(),
  estimated_delivery: z.string().optional(),
  detail: z.string().optional(),
  /** Default: the shipment's carrier in the order view. */
  carrier: z.string().optional(),
});
export type CarrierEventStep = z.infer<typeof CarrierEventStep>;

export const StatusQueryStep = z.strictObject({ po_number: PoRef, question: z.string().optional(), token: Token });
export type StatusQueryStep = z.infer<typeof StatusQueryStep>;

export const DecideEscalationStep = z.strictObject({
  po_number: PoRef,
  decision: z.enum(["approve", "reject", "modify"]),
  resolution: z.record(z.string(), z.unknown()).optional(),
  note: z.string().optional(),
  /** Picks the escalation of the order's n-th exception; default the PO's oldest open escalation. */
  exception: z.number().int().nonnegative().optional(),
  token: Token.optional(),
});
export type DecideEscalationStep = z.infer<typeof DecideEscalationStep>;

export const CsatStep = z.strictObject({
  po_number: PoRef,
  exception: z.number().int().nonnegative().default(0),
  customer_satisfaction: z.enum(["positive", "neutral", "negative"]),
  token: Token.optional(),
});
export type CsatStep = z.infer<typeof CsatStep>;

const STEP_KINDS = ["submit_po", "erp_event", "carrier_event", "status_query", "decide_escalation", "csat"] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/**
 * How the runner signs a webhook step: `valid` (default) with the configured secret; the others
 * are for adversarial cases: another secret, a body changed after signing, a timestamp 10
 * minutes old, or no signature headers at all.
 */
export const Signing = z.enum(["valid", "wrong_secret", "tampered", "stale", "unsigned"]);
export type Signing = z.infer<typeof Signing>;

export const Step = z
  .strictObject({
    submit_po: SubmitPo.optional(),
    erp_event: ErpEventStep.optional(),
    carrier_event: CarrierEventStep.optional(),
    status_query: StatusQueryStep.optional(),
    decide_escalation: DecideEscalationStep.optional(),
    csat: CsatStep.optional(),
    /** Webhook steps: the `webhook-id` to send (namespaced per run); reuse one to replay a delivery. */
    webhook_id: z.string().min(1).max(100).optional(),
    signing: Signing.optional(),
    /** Wait for the step's order to settle before the next step (default true). */
    wait: z.boolean().optional(),
    /**
     * A csat or decision step whose exception must reach memory before the case goes on: its
     * `episode` (with the rating, for a csat), or also a `rule` promoted from that episode.
     */
    remembers: z.enum(["episode", "rule"]).optional(),
  })
  .refine((s) => STEP_KINDS.filter((k) => s[k] !== undefined).length === 1, {
    message: `a step names exactly one of ${STEP_KINDS.join(", ")}`,
  })
  .refine((s) => s.remembers === undefined || s.csat !== undefined || s.decide_escalation?.exception !== undefined, {
    message: "only a csat, or a decide_escalation naming its exception, remembers",
  });
export type Step = z.infer<typeof Step>;

/** The kind of a validated step. */
export function stepKind(step: Step): StepKind {
  const kind = STEP_KINDS.find((k) => step[k] !== undefined);
  if (!kind) throw new Error("a step without a kind passed validation");
  return kind;
}

export const MATCHERS = ["$contains", "$notContains", "$approx", "$gte", "$lte", "$in", "$absent"] as const;
export type MatcherName = (typeof MATCHERS)[number];

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A literal (compared for deep equality) or one matcher object. */
const ExpectedValue = z.unknown().superRefine((v, ctx) => {
  if (!isPlainObject(v)) return;
  const keys = Object.keys(v);
  const dollar = keys.filter((k) => k.startsWith("$"));
  if (dollar.length === 0) return;
  if (keys.length !== 1 || !(MATCHERS as readonly string[]).includes(keys[0]!)) {
    ctx.addIssue({ code: "custom", message: `a matcher is one of ${MATCHERS.join(", ")}, alone in its object` });
    return;
  }
  const [name, arg] = [keys[0] as MatcherName, v[keys[0]!]];
  if (name === "$approx" && typeof arg !== "number")
    ctx.addIssue({ code: "custom", message: "$approx takes a number" });
  if ((name === "$gte" || name === "$lte") && typeof arg !== "number" && typeof arg !== "string")
    ctx.addIssue({ code: "custom", message: `${name} takes a number or an ISO date string` });
  if (name === "$in" && !Array.isArray(arg)) ctx.addIssue({ code: "custom", message: "$in takes a list" });
  if (name === "$absent" && typeof arg !== "boolean")
    ctx.addIssue({ code: "custom", message: "$absent takes true or false" });
});

/** `order.<path>`, `orders.<po>.<path>`, `steps[i].status`, `steps[i].body[.<path>]`; paths may index with `[n]`. */
export const EXPECTATION_PATH =
  /^(order(\.[^.[\]]+(\[\d+\])*)+|orders\.[^.[\]]+(\.[^.[\]]+(\[\d+\])*)+|steps\[\d+\]\.(status|body(\.[^.[\]]+(\[\d+\])*|(\[\d+\])+)*))$/;

export const Case = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{2,99}$/, { message: "ids are lower-case words joined by hyphens" }),
    category: Category,
    description: z.string().min(1),
    steps: z.array(Step).min(1),
    expect: z.record(
      z.string().regex(EXPECTATION_PATH, { message: "not an expectation path of DESIGN §11" }),
      ExpectedValue,
    ),
    /** Why the expectations are what they are: the playbook rows and data the author read. */
    derivation: z.string().optional(),
    /**
     * PO numbers this case submits that must keep their number in every run (e.g. a duplicate of
     * a seed order); any other PO the case submits is namespaced per run (see case-instance.ts).
     */
    fixed_po_numbers: z.array(z.string()).optional(),
    /**
     * Play this case alone, before the concurrent cases of its trial (file order among serial
     * cases): for a case whose point needs stock no other case has taken yet.
     */
    serial: z.boolean().optional(),
    /**
     * By DESIGN §6 a human must decide something in this case: at least one order it touches has
     * an escalation. The gate holds every case to this, both ways (absent: no escalation).
     */
    escalates: z.boolean().optional(),
    /**
     * Hub cities whose carrier delays teach this case's memory (episodes, a promoted rule). Each
     * run gets its own hub of that name (`Columbus` is played as `Columbus 3208`), so a trial
     * never recalls what another trial learned (see case-instance.ts).
     */
    scoped_hubs: z.array(z.string().min(1)).optional(),
  })
  .superRefine((c, ctx) => {
    if (Object.keys(c.expect).length === 0)
      ctx.addIssue({ code: "custom", path: ["expect"], message: "a case needs at least one expectation" });
    for (const path of Object.keys(c.expect)) {
      const m = /^steps\[(\d+)\]/.exec(path);
      if (m && Number(m[1]) >= c.steps.length)
        ctx.addIssue({ code: "custom", path: ["expect", path], message: `the case has ${c.steps.length} steps` });
    }
  });
export type Case = z.infer<typeof Case>;

export const Suite = z
  .strictObject({ description: z.string().optional(), cases: z.array(Case).min(1) })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.cases.forEach((c, i) => {
      if (seen.has(c.id))
        ctx.addIssue({ code: "custom", path: ["cases", i, "id"], message: `duplicate case id ${c.id}` });
      seen.add(c.id);
    });
  });
export type Suite = z.infer<typeof Suite>;

/** Validates a suite object, throwing one error that lists every problem by case and field. */
export function parseSuite(input: unknown): Suite {
  const parsed = Suite.safeParse(input);
  if (parsed.success) return parsed.data;
  const cases = (input as { cases?: { id?: unknown }[] } | null)?.cases;
  const lines = parsed.error.issues.slice(0, 30).map((issue) => {
    const [first, index, ...rest] = issue.path;
    const caseId = first === "cases" && typeof index === "number" ? String(cases?.[index]?.id ?? `#${index}`) : null;
    const where = caseId ? `case ${caseId}: ${rest.join(".")}` : issue.path.join(".");
    return `  ${where || "(suite)"}: ${issue.message}`;
  });
  throw new Error(`the suite is invalid:\n${lines.join("\n")}`);
}
