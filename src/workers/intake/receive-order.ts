import { ReferenceReads } from "../../shared/db/reference-reads";
import { recordAudit } from "../../shared/db/audit-repository";
import { poCustomersCache } from "../../shared/db/po-customers-cache";
import type { Principal } from "../../shared/db/principals-repository";
import { businessStart } from "../../shared/business-dates";
import { assessOrder, fieldErrorsFromZod, type FieldError } from "../../shared/order-validation";
import type { OrderView } from "../../shared/order-view";
import {
  CUSTOMER_ID,
  PurchaseOrder,
  recordablePurchaseOrder,
  type Channel,
  type RecordedPurchaseOrder,
} from "../../shared/schemas/purchase-order.schema";
import type { JsonObject } from "../../shared/schemas/json.schema";
import type { Customer } from "../../shared/schemas/reference.schema";
import type { Span } from "../../shared/tracing";
import { ADMISSION_SINGLETON } from "../../durable-objects/admission.do";
import { orderKeyOf } from "../../shared/order-key";
import type { AdmissionDecision } from "../../shared/admission";
import {
  sanitizePurchaseOrderText,
  type FreeTextField,
  type PurchaseOrderText,
  type SanitizedPurchaseOrder,
} from "../../shared/guardrails";
import { AppError, forbidden } from "../errors";
import { PROBLEMS } from "../problems";

/** The outcome of receiving one PO through any channel. */
export type IntakeOutcome =
  | { kind: "accepted"; view: OrderView }
  | { kind: "rejected"; view: OrderView | null; errors: FieldError[] }
  | { kind: "duplicate"; customer_id: string; po_number: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Quarantines a PO body's free text (notes, line descriptions) before the schema sees it, so
 * hostile or oversized text is replaced by `[QUARANTINED]` and the order goes on (DESIGN §5.1).
 * `sent`: the text the body was read out of, checked as sent (see `sanitizePurchaseOrderText`).
 */
function quarantineBodyText(body: unknown, sent?: FreeTextField) {
  const none = {
    body,
    sanitized: false,
    attacks_detected: [] as string[],
    quarantined_fields: [] as string[],
    quarantined: [] as SanitizedPurchaseOrder<PurchaseOrderText>["quarantined"],
  };
  if (!isRecord(body) || !Array.isArray(body.line_items)) return none;
  const rawLines: unknown[] = body.line_items;
  const checked = sanitizePurchaseOrderText(
    {
      notes: typeof body.notes === "string" ? body.notes : undefined,
      line_items: rawLines.map((l) => ({
        description: isRecord(l) && typeof l.description === "string" ? l.description : undefined,
      })),
    },
    sent,
  );
  if (!checked.sanitized) return none;
  const line_items = rawLines.map((l, i) =>
    isRecord(l) && typeof l.description === "string" ? { ...l, description: checked.po.line_items[i]?.description } : l,
  );
  return {
    body: { ...body, line_items, ...(typeof body.notes === "string" ? { notes: checked.po.notes } : {}) },
    sanitized: true,
    attacks_detected: checked.attacks_detected,
    quarantined_fields: checked.quarantined_fields,
    quarantined: checked.quarantined,
  };
}

function customerSummary(c: Customer | null) {
  return c
    ? { customer_id: c.customer_id, name: c.name, tier: c.tier, allow_partial_shipment: c.allow_partial_shipment }
    : null;
}

/**
 * Receives a PO from any channel: checks it against the schema, the caller's rights, the
 * customer, the catalog and the contract, then records it on its OrderObject, which hands an
 * accepted PO to the intake queue. A PO that fails is still recorded, as rejected with its errors.
 * `park`: when admission's waiting line is full the PO waits in it anyway instead of a 429
 * (an EDI set accepted at the envelope may not be turned away, DESIGN §5.4).
 * `sent`: the text the PO was read out of, as its sender wrote it (an e-mail before its markup
 * was stripped): an attack in it is recorded and quarantines the PO's free text.
 */
export async function receiveOrder(
  env: Env,
  input: {
    body: unknown;
    channel: Channel;
    principal: Principal;
    span: Span;
    source?: JsonObject;
    sent?: FreeTextField;
    park?: boolean;
  },
): Promise<IntakeOutcome> {
  const { principal, span } = input;
  const text = quarantineBodyText(input.body, input.sent);
  const parsed = PurchaseOrder.safeParse(text.body);
  const recorded: RecordedPurchaseOrder | null = parsed.success ? parsed.data : recordablePurchaseOrder(text.body);
  const schemaErrors = parsed.success ? [] : fieldErrorsFromZod(parsed.error);
  if (!recorded) {
    await recordAudit(env.DB, {
      kind: "order.refused",
      principalId: principal.id,
      traceId: span.context.traceId,
      detail: { channel: input.channel, errors: schemaErrors },
    });
    throw new AppError(PROBLEMS.invalidPurchaseOrder, "the purchase order is invalid and has no usable po_number", {
      errors: schemaErrors,
    });
  }
  // A well-formed id of another customer is a rights problem; a malformed one is a field error (422).
  if (
    principal.kind === "customer" &&
    CUSTOMER_ID.test(recorded.customer_id) &&
    recorded.customer_id !== principal.customerId
  ) {
    throw forbidden(`a customer token may only place orders for ${principal.customerId}`);
  }
  // A customer token's PO is always its own: a malformed customer_id is rejected under the token's customer,
  // so it can neither take a number from another customer nor find out which numbers exist.
  const po: RecordedPurchaseOrder =
    principal.kind === "customer" ? { ...recorded, customer_id: principal.customerId } : recorded;
  const key = orderKeyOf(po);
  span.poNumber = po.po_number;
  span.set({ "order.po_number": po.po_number, "order.channel": input.channel });

  const receivedAt = new Date().toISOString();
  const orderDate =
    po.order_date && /^\d{4}-\d{2}-\d{2}$/.test(po.order_date) ? po.order_date : receivedAt.slice(0, 10);
  const stub = env.ORDER.getByName(key);
  const reads = new ReferenceReads(env.DB);
  // The duplicate check and the reference reads (one D1 batch) are independent: one round trip, not two in a row.
  const [existing, reference] = await Promise.all([
    stub.read(),
    parsed.success
      ? Promise.all([
          reads.customer(po.customer_id),
          reads.contract(po.customer_id, orderDate),
          reads.catalog(parsed.data.line_items.map((l) => l.sku)),
        ])
      : null,
  ]);
  if (existing) {
    await recordAudit(env.DB, {
      kind: "order.duplicate",
      principalId: principal.id,
      poNumber: po.po_number,
      traceId: span.context.traceId,
      detail: { channel: input.channel },
    });
    return { kind: "duplicate", customer_id: po.customer_id, po_number: po.po_number };
  }

  const customer = reference?.[0] ?? null;
  let errors = schemaErrors;
  let admission: AdmissionDecision | null = null;
  if (parsed.success && reference) {
    const [, contract, catalog] = reference;
    const assessment = assessOrder(parsed.data, { customer, contract, catalog }, orderDate);
    errors = assessment.errors;
    if (!errors.length)
      admission = await env.ADMISSION.getByName(ADMISSION_SINGLETON).admit({
        order_key: key,
        value: assessment.total,
        park: input.park,
      });
  }
  if (admission?.decision === "rejected") {
    await recordAudit(env.DB, {
      kind: "order.admission_refused",
      principalId: principal.id,
      poNumber: po.po_number,
      traceId: span.context.traceId,
      detail: { channel: input.channel },
    });
    throw new AppError(PROBLEMS.admissionFull, "the order pipeline is at capacity; retry after the indicated delay", {
      headers: { "retry-after": String(admission.retry_after_seconds) },
      retry_after_seconds: admission.retry_after_seconds,
    });
  }

  const submitted = stub.submit({
    received: {
      po,
      channel: input.channel,
      customer: customerSummary(customer),
      received_at: receivedAt,
      order_date: orderDate,
      business_start: businessStart(orderDate, receivedAt),
      sanitized: text.sanitized,
      attacks_detected: text.attacks_detected,
      quarantined_fields: text.quarantined_fields,
      ...(input.source ? { source: input.source } : {}),
    },
    admission,
    rejection: errors.length ? { errors, warnings: [] } : null,
    traceparent: span.traceparent,
  });
  // A PO admitted but never recorded would hold its pipeline slot forever: give it back.
  const { applied: created, view } = await submitted
    .catch(async (err: unknown) => {
      if (admission) await env.ADMISSION.getByName(ADMISSION_SINGLETON).release(key);
      throw err;
    })
    // The object has projected the order by now: operations' next read of the number sees its customer.
    .finally(() => poCustomersCache.forget(po.po_number));
  if (created && text.quarantined.length) {
    // The original text lives here and only here: the order and every model see `[QUARANTINED]`.
    await recordAudit(env.DB, {
      kind: "order.quarantined",
      principalId: principal.id,
      poNumber: po.po_number,
      traceId: span.context.traceId,
      detail: {
        channel: input.channel,
        fields: text.quarantined.map((q) => ({
          field: q.field,
          attacks: q.attacks,
          evidence: q.evidence.map((e) => e.match),
          original: q.original,
        })),
      },
    });
  }
  const kind = !created ? "order.duplicate" : errors.length ? "order.rejected" : "order.received";
  // The audit row keeps what a customer token wrote as customer_id where its order was recorded under its own.
  const submittedCustomer =
    recorded.customer_id !== po.customer_id ? { submitted_customer_id: recorded.customer_id } : {};
  await recordAudit(env.DB, {
    kind,
    principalId: principal.id,
    poNumber: po.po_number,
    traceId: span.context.traceId,
    detail: { channel: input.channel, errors, ...submittedCustomer },
  });
  if (!created) return { kind: "duplicate", customer_id: po.customer_id, po_number: po.po_number };
  return errors.length ? { kind: "rejected", view, errors } : { kind: "accepted", view };
}
