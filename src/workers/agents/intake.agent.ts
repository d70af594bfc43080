import { assessOrder, contractTerms, fieldErrorsFromZod, validatedLines } from "../../shared/order-validation";
import { PurchaseOrder } from "../../shared/schemas/purchase-order.schema";
import type { AgentInput, AgentOutput } from "./agent";

/**
 * Intake agent: checks the PO against the catalog and the customer's contract, prices every
 * line by its contract tier, and flags `price_mismatch` and `warning_no_contract`.
 */
export async function intakeAgent({ po, view, reads, span }: AgentInput): Promise<AgentOutput> {
  const parsed = PurchaseOrder.safeParse(po);
  if (!parsed.success) {
    const errors = fieldErrorsFromZod(parsed.error);
    return {
      events: [{ type: "order.rejected", data: { errors, warnings: [] } }],
      status: { to: "rejected", reason: "the recorded PO no longer passes the schema" },
      summary: "rejected: schema",
      next_stage: null,
    };
  }
  const [customer, contract, catalog] = await Promise.all([
    reads.customer(po.customer_id),
    reads.contract(po.customer_id, view.order_date),
    reads.catalog(parsed.data.line_items.map((l) => l.sku)),
  ]);
  const assessment = assessOrder(parsed.data, { customer, contract, catalog }, view.order_date);
  span.set({ "intake.flags": assessment.flags.join(","), "intake.errors": assessment.errors.length });
  if (assessment.errors.length) {
    return {
      events: [{ type: "order.rejected", data: { errors: assessment.errors, warnings: assessment.warnings } }],
      status: { to: "rejected", reason: "failed catalog or customer checks" },
      summary: `rejected: ${assessment.errors.map((e) => e.message).join("; ")}`,
      next_stage: null,
    };
  }
  const c = assessment.contract;
  return {
    events: [
      {
        type: "intake.validated",
        data: {
          lines: validatedLines(assessment.lines),
          total: assessment.total,
          contract: contractTerms(c),
          payment_terms: c?.payment_terms ?? null,
          sla: c?.sla ?? null,
          flags: assessment.flags,
          warnings: assessment.warnings,
        },
      },
    ],
    status: { to: "confirmed", reason: "validated against catalog and contract" },
    summary:
      `validated ${assessment.lines.length} line(s), total ${assessment.total}` +
      (assessment.flags.length ? `, flags ${assessment.flags.join(", ")}` : ""),
    next_stage: "fulfillment",
  };
}
