import { allocateShipments, type AllocationPlan } from "../../shared/allocation";
import { referenceQuery } from "../../shared/db/reference-batch";
import { releaseReservations, reserveStock, stockAndHoldsQuery } from "../../shared/db/reservation-repository";
import { splitRejected } from "../../shared/escalation-decisions";
import { canPlanFulfillment, demandOf, planFulfillment } from "../../shared/fulfillment-plan";
import { isSplitApproval } from "../../shared/order-view-model";
import type { AgentInput, AgentOutput } from "./agent";

/** Attempts at reserving before giving the handoff back to the queue. */
const RESERVATION_ATTEMPTS = 5;

/** A plan and the handoffs whose reservations hold it. */
type Reserved = { plan: AllocationPlan; holders: string[] };

type StockAndHolds = ReturnType<ReturnType<typeof stockAndHoldsQuery>["decode"]>;

async function readStockAndHolds(input: AgentInput, skus: readonly string[]): Promise<StockAndHolds> {
  const query = stockAndHoldsQuery(input.env.DB, skus, input.view);
  return query.decode(await input.env.DB.batch(query.statements));
}

/**
 * Plans and reserves stock under this handoff alone. A redelivered handoff finds the reservations
 * it already made and plans from them, under the same partial-shipment rule as a fresh plan,
 * giving back anything else the order holds. Otherwise it plans from fresh stock, counting what
 * the order's earlier plans hold (a split a person refused, the plan before an amendment, a
 * handoff redriven under a new id) as free, and swaps those holds for its own in one batch; a
 * reservation that lost a race with another order re-plans from fresh stock. Stock and the
 * order's holds are read together, in one D1 batch per attempt (the first is the agent's `read`).
 */
async function reserve(input: AgentInput, allowPartial: boolean, read: StockAndHolds): Promise<Reserved> {
  const { env, view, handoff, span } = input;
  const demand = demandOf(view);
  let { stock: fresh, held: earlier } = read;
  const held = earlier.filter((r) => r.handoffId === handoff.handoff_id);
  if (held.length > 0) {
    span.set({ "fulfillment.reused_reservations": held.length });
    await releaseReservations(env.DB, view, handoff.handoff_id);
    // Only the suppliers' ETAs are taken from the stock read: releasing the other holds leaves them as they are.
    const stock = held.map((r) => ({
      sku: r.sku,
      warehouse: r.warehouse,
      on_hand: r.qty,
      available: r.qty,
      supplier_eta: fresh.find((f) => f.sku === r.sku && f.supplier_eta)?.supplier_eta ?? null,
    }));
    return {
      plan: allocateShipments(demand, stock, allowPartial),
      holders: [...new Set(held.map((r) => r.handoffId))],
    };
  }
  for (let attempt = 1; ; attempt++) {
    const stock = fresh.map((s) => {
      const ours = earlier.filter((r) => r.sku === s.sku && r.warehouse === s.warehouse).reduce((n, r) => n + r.qty, 0);
      return { ...s, available: s.available + ours };
    });
    const plan = allocateShipments(demand, stock, allowPartial);
    const picks = plan.shipments.flatMap((s) =>
      s.lines.map((l) => ({ sku: l.sku, warehouse: s.warehouse, qty: l.qty })),
    );
    try {
      await reserveStock(env.DB, view, handoff.handoff_id, picks);
      span.set({ "fulfillment.reservation_attempts": attempt });
      return { plan, holders: [handoff.handoff_id] };
    } catch (err) {
      if (attempt >= RESERVATION_ATTEMPTS) throw err;
      // One read serves both ways on: this handoff's own holds (a redelivery won the race) are reused, else it plans again.
      const again = await readStockAndHolds(
        input,
        demand.map((d) => d.sku),
      );
      if (again.held.some((r) => r.handoffId === handoff.handoff_id)) return reserve(input, allowPartial, again);
      ({ stock: fresh, held: earlier } = again);
    }
  }
}

/** The id of a split approval: a re-plan after a change asks again under a new one, as the first stays decided. */
function splitEscalationId(view: AgentInput["view"]): string {
  const earlier = view.escalations.filter(isSplitApproval).length;
  return `ESC-${view.customer_id}-${view.po_number}-SPLIT${earlier > 0 ? `-${earlier + 1}` : ""}`;
}

/**
 * Fulfillment agent: allocation (single, split, backorder), carriers and ETAs, SLA risk, and
 * the human gate for split shipments of orders over $50,000; a split the person rejected is
 * planned again as if partial shipment were not allowed.
 */
export async function fulfillmentAgent(input: AgentInput): Promise<AgentOutput> {
  const { env, view, span } = input;
  if (!canPlanFulfillment(view)) {
    span.set({ "fulfillment.skipped": view.status });
    return { events: [], status: null, summary: `nothing planned: the order is ${view.status}`, next_stage: null };
  }
  // A person refused the split: the order waits whole for stock.
  const refused = splitRejected(view);
  // Stock, the order's holds, the carriers and the lines' lead times: one D1 round trip before planning.
  const stockRead = stockAndHoldsQuery(
    env.DB,
    demandOf(view).map((d) => d.sku),
    view,
  );
  const none = new Set<string>();
  const referenceRead = referenceQuery(env.DB, {
    customers: none,
    contracts: none,
    skus: new Set(view.lines.map((l) => l.sku)),
    carriers: true,
  });
  const results = await env.DB.batch([...stockRead.statements, ...referenceRead.statements]);
  const { catalog, carriers } = referenceRead.decode(results.slice(stockRead.statements.length));
  const { plan, holders } = await reserve(
    input,
    view.allow_partial_shipment && !refused,
    stockRead.decode(results.slice(0, stockRead.statements.length)),
  );
  const decision = planFulfillment(view, plan, carriers ?? [], catalog);
  span.set({
    "fulfillment.plan": plan.kind,
    "fulfillment.shipments": decision.shipments.length,
    "fulfillment.sla_risk": decision.sla_risk,
  });
  const events: AgentOutput["events"] = [
    {
      type: "fulfillment.planned",
      data: {
        plan: plan.kind,
        shipments: decision.shipments,
        backorders: decision.backorders,
        eta: decision.eta,
        sla_risk: decision.sla_risk,
        flags: decision.flags,
      },
    },
  ];
  if (decision.approval) {
    events.push({
      type: "escalation.opened",
      data: {
        escalation_id: splitEscalationId(view),
        exception_id: null,
        reason: decision.approval.reason,
        proposed_resolution: {
          action: "approve_split_shipment",
          shipments: decision.shipments.length,
          total: view.total,
          reserved_by: holders,
        },
      },
    });
  }
  return {
    events,
    status: { to: decision.status, reason: `fulfillment plan: ${plan.kind}` },
    summary: `${plan.kind}: ${decision.shipments.length} shipment(s), ${decision.backorders.length} backorder line(s), eta ${decision.eta ?? "n/a"}`,
    // After a refused split the person's decision is the resolution: nothing is left for the exception agent.
    next_stage: refused ? "comms" : "exceptions",
  };
}
