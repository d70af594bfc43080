import type { ReferenceReads } from "../../shared/db/reference-reads";
import type { OrderView } from "../../shared/order-view";
import type { AgentDecision } from "../../shared/schemas/handoff.schema";
import type { RecordedPurchaseOrder } from "../../shared/schemas/purchase-order.schema";
import type { Handoff } from "../../shared/schemas/handoff.schema";
import type { Span, Tracer } from "../../shared/tracing";

/** What every agent is given: the handoff, the order as its OrderObject holds it, and its span. */
export interface AgentInput {
  env: Env;
  handoff: Handoff;
  view: OrderView;
  po: RecordedPurchaseOrder;
  /** Customers, contracts, catalog items and carriers, read once for the whole queue batch. */
  reads: ReferenceReads;
  span: Span;
  /** Collects the step's spans, model calls included. */
  tracer: Tracer;
}

/** What an agent decides; the consumer adds the handoff id, stage, actor and trace. */
export type AgentOutput = Pick<AgentDecision, "events" | "status" | "summary" | "next_stage">;

/** An agent: reads, decides with domain code, and returns its decision for the OrderObject to apply. */
export type Agent = (input: AgentInput) => Promise<AgentOutput>;
