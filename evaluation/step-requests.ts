/**
 * The requests behind each kind of step (DESIGN §11): a PO by portal, EDI or e-mail, a carrier
 * event for the order's n-th shipment, a decision on the PO's open escalation, a CSAT rating of
 * the order's n-th exception. What a step needs from the system first (a tracking number, an
 * escalation id, an exception id) is read through the public API, as a client would.
 */
import { type Answer, type ApiClient, isRecord } from "./api-client";
import type { Step } from "./suite-schema";

/** What a case's requests are namespaced and authorised with. */
export interface StepContext {
  opsToken: string;
  namespace: string;
  caseIndex: number;
}

/** Sends the requests of one case's steps. */
export class StepRequests {
  constructor(
    private readonly api: ApiClient,
    private readonly o: StepContext,
  ) {}

  webhookId(step: Step, index: number): string {
    return step.webhook_id
      ? `${step.webhook_id}_${this.o.namespace}`
      : `msg_eval_${this.o.namespace}_${this.o.caseIndex}_${index}`;
  }

  async submit(step: Step): Promise<{ answer: Answer; placed: string[] }> {
    const s = step.submit_po!;
    if (s.channel === "portal") {
      const headers: Record<string, string> = s.idempotency_key
        ? { "idempotency-key": `${s.idempotency_key}-${this.o.namespace}` }
        : {};
      const answer = await this.api.request("POST", "/v1/orders", { token: s.token, json: s.payload, headers });
      return {
        answer,
        placed: isRecord(answer.body) && "pending_handoffs" in answer.body ? [String(answer.body.po_number)] : [],
      };
    }
    if (s.channel === "edi") {
      const answer = await this.api.request("POST", "/v1/orders/edi", {
        token: s.token ?? this.o.opsToken,
        text: s.payload,
        contentType: "application/edi-x12",
      });
      const orders =
        isRecord(answer.body) && Array.isArray(answer.body.orders)
          ? (answer.body.orders as { po_number?: unknown; status?: unknown }[])
          : [];
      return {
        answer,
        placed: orders
          .filter((x) => typeof x.po_number === "string" && x.status === "received")
          .map((x) => x.po_number as string),
      };
    }
    const answer = await this.api.request("POST", "/v1/orders/email", {
      token: s.token ?? this.o.opsToken,
      json: s.payload,
    });
    return {
      answer,
      placed: isRecord(answer.body) && "pending_handoffs" in answer.body ? [String(answer.body.po_number)] : [],
    };
  }

  async carrierEvent(step: Step, webhookId: string): Promise<Answer> {
    const e = step.carrier_event!;
    const view = await this.api.view(e.po_number);
    const shipments = Array.isArray(view?.shipments)
      ? (view.shipments as { tracking?: string | null; carrier?: string | null }[])
      : [];
    const shipment = shipments[e.shipment];
    if (!shipment?.tracking) {
      const error = `${e.po_number} has no dispatched shipment ${e.shipment} to track`;
      return { status: 0, body: { error }, trace_id: null, elapsed_ms: 0 };
    }
    const event = {
      tracking: shipment.tracking,
      carrier: e.carrier ?? shipment.carrier ?? "UPS",
      status: e.status,
      location: e.location ?? "",
      occurred_at: e.occurred_at,
      ...(e.estimated_delivery !== undefined ? { estimated_delivery: e.estimated_delivery } : {}),
      ...(e.detail !== undefined ? { detail: e.detail } : {}),
    };
    return this.api.webhook("carrier", event, webhookId, step.signing);
  }

  async decide(step: Step): Promise<Answer> {
    const d = step.decide_escalation!;
    const list = await this.api.request("GET", "/v1/escalations", { token: this.o.opsToken });
    const all =
      isRecord(list.body) && Array.isArray(list.body.escalations)
        ? (list.body.escalations as Record<string, unknown>[])
        : [];
    let wanted: string | null = null;
    if (d.exception !== undefined) {
      const view = await this.api.view(d.po_number);
      const ex = Array.isArray(view?.exceptions)
        ? (view.exceptions as { exception_id?: string }[])[d.exception]
        : undefined;
      wanted = ex?.exception_id ?? null;
    }
    const open = all
      .filter((e) => e.po_number === d.po_number && (e.status === undefined || e.status === "open"))
      .filter((e) => wanted === null || e.exception_id === wanted)
      .sort((a, b) => String(a.created_at ?? "").localeCompare(String(b.created_at ?? "")));
    const chosen = open[0];
    if (!chosen) {
      return {
        status: 0,
        body: { error: `no open escalation for ${d.po_number} in GET /v1/escalations (answered ${list.status})` },
        trace_id: list.trace_id,
        elapsed_ms: list.elapsed_ms,
      };
    }
    const body = {
      decision: d.decision,
      ...(d.resolution ? { resolution: d.resolution } : {}),
      ...(d.note !== undefined ? { note: d.note } : {}),
    };
    return this.api.request("POST", `/v1/escalations/${encodeURIComponent(String(chosen.id))}/decision`, {
      token: d.token ?? this.o.opsToken,
      json: body,
    });
  }

  async csat(step: Step): Promise<Answer> {
    const c = step.csat!;
    const view = await this.api.view(c.po_number);
    const ex = Array.isArray(view?.exceptions)
      ? (view.exceptions as { exception_id?: string }[])[c.exception]
      : undefined;
    if (!ex?.exception_id)
      return {
        status: 0,
        body: { error: `${c.po_number} has no exception ${c.exception}` },
        trace_id: null,
        elapsed_ms: 0,
      };
    return this.api.request("POST", `/v1/orders/${encodeURIComponent(c.po_number)}/csat`, {
      token: c.token ?? this.o.opsToken,
      json: { exception_id: ex.exception_id, customer_satisfaction: c.customer_satisfaction },
    });
  }
}
