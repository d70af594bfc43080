import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OrderView } from "../../src/shared/order-view";
import { EMAIL_SAMPLES, type EmailSample, type ExpectedOrder } from "../fixtures/email/samples";
import { auditRowsForPo, auditRowsWhere } from "../fixtures/audit";
import { FOUR_AGENTS, eventLogOf, orderView } from "../fixtures/orders";
import { readJson, readProblem } from "../fixtures/responses";
import { api, TOKENS, waitForSettled } from "../fixtures/api";

const postEmail = (json: unknown, token: string | null = TOKENS.ops) =>
  api("/v1/orders/email", { method: "POST", token, json });

type Extracted = EmailSample & { expect: Extract<EmailSample["expect"], { kind: "extracted" }> };
type Incomplete = EmailSample & { expect: Extract<EmailSample["expect"], { kind: "incomplete" }> };
type Unreadable = EmailSample & { expect: Extract<EmailSample["expect"], { kind: "unreadable" }> };
const EXTRACTED = EMAIL_SAMPLES.filter((s): s is Extracted => s.expect.kind === "extracted");
const INCOMPLETE = EMAIL_SAMPLES.filter((s): s is Incomplete => s.expect.kind === "incomplete");
const UNREADABLE = EMAIL_SAMPLES.filter((s): s is Unreadable => s.expect.kind === "unreadable");

/**
 * What intake makes of each extracted sample, by hand from the seed data: the customer's name,
 * and per line the price charged when the mail named none and the contract tier price (null
 * where the customer has no contract price for the SKU).
 */
const ACCEPTED: Record<string, { customer: string; unit_prices: number[]; contract_prices: (number | null)[] }> = {
  "clean-acme": { customer: "Acme Industrial", unit_prices: [480, 55], contract_prices: [480, null] },
  "clean-beta": { customer: "Beta Industrial", unit_prices: [205, 74.5], contract_prices: [null, 78] },
  "clean-consolidated": { customer: "Consolidated Mfg", unit_prices: [3100, 52.75], contract_prices: [null, null] },
  "messy-forwarded": { customer: "Acme Industrial", unit_prices: [470, 3050], contract_prices: [480, 3200] },
  "messy-html-breaks": { customer: "Acme Industrial", unit_prices: [76, 215], contract_prices: [null, null] },
  // SKU-7210 x 150 had no price: Beta's 100+ tier, $58, is charged.
  "messy-whitespace-typos": {
    customer: "Beta Industrial",
    unit_prices: [485, 58, 72],
    contract_prices: [null, 58, 78],
  },
  "messy-table": { customer: "Consolidated Mfg", unit_prices: [50, 470], contract_prices: [null, 510] },
  "messy-html-table": { customer: "Consolidated Mfg", unit_prices: [70, 3000], contract_prices: [null, null] },
  "messy-mixed-formats": {
    customer: "Acme Industrial",
    unit_prices: [480, 212.5, 58, 75, 3200],
    contract_prices: [480, null, null, null, 3200],
  },
};
/** Extracted, but the sender's domain is no customer's: held for a person, nothing booked. */
const HELD = new Set(["named-company-only"]);
/** Extracted, but intake refuses the quantities 0, -5 and 2.5. */
const INVALID: Record<string, { field: string; message: string }[]> = {
  "bad-quantities-kept": [
    { field: "line_items[0].qty", message: "must be greater than 0" },
    { field: "line_items[1].qty", message: "must be greater than 0" },
    { field: "line_items[2].qty", message: "must be a whole number" },
  ],
};
/** Extracted, but its PO number is a seeded order (PO-2024-11234, shipped, 50 x SKU-4892 at $495). */
const SEEDED_PO = new Set(["clean-subdomain"]);

const po = (o: ExpectedOrder): string => {
  if (!o.po_number) throw new Error("sample has no PO number");
  return o.po_number;
};

describe("POST /v1/orders/email: extracted POs", () => {
  it("has an outcome worked out for every extracted sample", () => {
    expect(EXTRACTED.map((s) => s.id).sort()).toEqual(
      [...Object.keys(ACCEPTED), ...Object.keys(INVALID), ...SEEDED_PO, ...HELD].sort(),
    );
  });

  it.each(EXTRACTED.filter((s) => s.id in ACCEPTED))(
    "$id: 202 with the first view, stored as an e-mail order and run through the agents",
    async (s) => {
      const want = ACCEPTED[s.id]!;
      const expected = s.expect.purchase_order;
      const res = await postEmail(s.email);
      expect(res.headers.get("location")).toBe(`/v1/orders/${po(expected)}?customer_id=${expected.customer_id}`);
      const first = await readJson<OrderView>(res, 202);
      expect(first).toMatchObject({
        po_number: po(expected),
        customer_id: expected.customer_id,
        channel: "email",
        status: "received",
      });
      expect(first.source).toMatchObject({ from: s.email.from });

      const view = await waitForSettled(po(expected));
      expect(view).toMatchObject({
        po_number: po(expected),
        customer_id: expected.customer_id,
        customer: want.customer,
        channel: "email",
        requested_delivery_date: expected.requested_delivery_date ?? null,
        notes: expected.notes ?? null,
        validation: {
          status: "accepted",
          errors: [],
          sanitized: false,
          attacks_detected: [],
          instruction_followed: false,
        },
      });
      if (expected.order_date) expect(view.order_date).toBe(expected.order_date);
      expect(view.source).toMatchObject({ from: s.email.from, subject: s.email.subject });
      expect(
        view.lines.map((l) => ({ sku: l.sku, qty: l.qty, unit_price: l.unit_price, contract_price: l.contract_price })),
      ).toEqual(
        expected.line_items.map((l, i) => ({
          sku: l.sku,
          qty: l.qty,
          unit_price: want.unit_prices[i],
          contract_price: want.contract_prices[i],
        })),
      );
      expect(view.agents_invoked).toEqual(FOUR_AGENTS);

      const events = await eventLogOf(po(expected));
      expect(events[0]).toMatchObject({
        type: "order.received",
        actor: "api",
        data: { channel: "email", source: { from: s.email.from } },
      });
      const received = await auditRowsForPo("order.received", po(expected));
      expect(received.map((r) => r.detail.channel)).toEqual(["email"]);
    },
  );

  it.each(EXTRACTED.filter((s) => s.id in INVALID))(
    "$id: 422 with the field errors, recorded as a rejected e-mail order",
    async (s) => {
      const errors = INVALID[s.id]!;
      const expected = s.expect.purchase_order;
      const problem = await readProblem(await postEmail(s.email), 422);
      expect(problem.type).toMatch(/\/invalid-purchase-order$/);
      expect(problem.errors).toEqual(errors);
      expect(problem).toMatchObject({ po_number: po(expected), order_status: "rejected" });

      const view = await orderView(po(expected));
      expect(view).toMatchObject({
        channel: "email",
        status: "rejected",
        customer_id: expected.customer_id,
        validation: { status: "rejected", errors },
        agents_invoked: [],
        pending_handoffs: 0,
      });
      expect(view?.source).toMatchObject({ from: s.email.from });
      expect(view?.lines.map((l) => [l.sku, l.qty])).toEqual(expected.line_items.map((l) => [l.sku, l.qty]));
      const events = await eventLogOf(po(expected));
      expect(events.slice(0, 3).map((e) => e.type)).toEqual(["order.received", "order.rejected", "status.changed"]);
      expect(events[2]?.data).toMatchObject({ from: "received", to: "rejected" });
      expect(events.some((e) => e.type === "handoff.issued")).toBe(false);
      const rejected = await auditRowsForPo("order.rejected", po(expected));
      expect(rejected.map((r) => r.detail)).toEqual([{ channel: "email", errors }]);
    },
  );

  it.each(EXTRACTED.filter((s) => SEEDED_PO.has(s.id)))(
    "$id: its PO number is a seeded order, so 409 and the seeded order is untouched",
    async (s) => {
      const number = po(s.expect.purchase_order);
      const before = await orderView(number);
      expect(before).toMatchObject({ status: "shipped", customer_id: "CUST-001" });
      const problem = await readProblem(await postEmail(s.email), 409);
      expect(problem.type).toMatch(/\/duplicate-purchase-order$/);
      expect(problem.po_number).toBe(number);
      const after = await orderView(number);
      expect(after?.channel).not.toBe("email");
      expect(after?.version).toBe(before?.version);
      expect(after?.lines.map((l) => [l.sku, l.qty, l.unit_price])).toEqual([["SKU-4892", 50, 495]]);
      expect((await auditRowsForPo("order.duplicate", number)).map((r) => r.detail.channel)).toEqual(["email"]);
    },
  );
});

describe("POST /v1/orders/email: the sender check", () => {
  it.each(EXTRACTED.filter((s) => HELD.has(s.id)))(
    "$id: a PO for a customer the sender does not belong to is held for a person, and placed once approved",
    async (s) => {
      const expected = s.expect.purchase_order;
      const answer = await readJson<{
        status: string;
        escalation_id: string;
        po_number: string;
        gaps: string[];
        reason: string;
      }>(await postEmail(s.email), 202);
      expect(answer).toMatchObject({ status: "escalated", po_number: po(expected), gaps: ["customer"] });
      expect(answer.reason).toContain(
        "sender domain freemail.example belongs to no customer, but the purchase order is for CUST-002",
      );
      expect(await orderView(po(expected))).toBeNull();

      const row = await env.DB.prepare(
        "SELECT customer_id, status, reason, proposed_resolution FROM escalations WHERE escalation_id = ?",
      )
        .bind(answer.escalation_id)
        .first<{ customer_id: string; status: string; reason: string; proposed_resolution: string }>();
      expect(row).toMatchObject({ customer_id: "CUST-002", status: "open" });
      expect(JSON.parse(row!.proposed_resolution)).toMatchObject({
        action: "confirm_sender_and_place_order",
        purchase_order: { po_number: po(expected), customer_id: "CUST-002" },
        sender_customer_ids: [],
      });
      const audit = await auditRowsWhere("email.sender_mismatch", "$.escalation_id", answer.escalation_id);
      expect(audit.map((a) => a.detail)).toEqual([
        expect.objectContaining({
          claimed_customer_id: "CUST-002",
          sender_customer_ids: [],
          extractor: "model:order_validation",
          email: s.email,
        }),
      ]);

      const decided = await api(`/v1/escalations/${answer.escalation_id}/decision`, {
        method: "POST",
        token: TOKENS.ops,
        json: { decision: "approve", note: "Pat Lee confirmed by phone" },
      });
      expect(decided.status).toBe(200);
      expect(await decided.json()).toMatchObject({
        status: "decided",
        decision: "approve",
        order: { po_number: po(expected), customer_id: "CUST-002", channel: "email" },
      });
      const view = await waitForSettled(po(expected));
      expect(view.source).toMatchObject({ escalation_id: answer.escalation_id });
      expect(view.lines.map((l) => [l.sku, l.qty, l.unit_price])).toEqual([["SKU-3300", 12, 3150]]);
    },
  );
});

describe("POST /v1/orders/email: POs with gaps go to human intake", () => {
  it.each(INCOMPLETE)(
    "$id: 202 escalated with its gaps, an open intake escalation, an audit row and no order",
    async (s) => {
      const partialPo = s.expect.partial.po_number ?? null;
      const answer = await readJson<{
        status: string;
        escalation_id: string;
        po_number: string | null;
        gaps: string[];
        reason: string;
      }>(await postEmail(s.email), 202);
      expect(answer).toMatchObject({ status: "escalated", po_number: partialPo, gaps: s.expect.gaps });
      expect(answer.escalation_id).toMatch(/^ESC-INTAKE-[0-9a-f]{12}$/);
      for (const part of s.expect.reason_include) expect(answer.reason).toContain(part);

      const row = await env.DB.prepare(
        "SELECT po_number, customer_id, reason, status, proposed_resolution FROM escalations WHERE escalation_id = ?",
      )
        .bind(answer.escalation_id)
        .first<{
          po_number: string;
          customer_id: string;
          reason: string;
          status: string;
          proposed_resolution: string;
        }>();
      expect(row).not.toBeNull();
      expect(row?.status).toBe("open");
      expect(row?.po_number).toBe(partialPo ?? "(none)");
      expect(row?.customer_id).toBe(s.expect.partial.customer_id ?? "(unknown)");
      for (const part of s.expect.reason_include) expect(row?.reason).toContain(part);
      const proposed = JSON.parse(row?.proposed_resolution ?? "null") as {
        action: string;
        gaps: string[];
        partial: Record<string, unknown>;
        email: { from: string };
      };
      expect(proposed).toMatchObject({
        action: "complete_and_place_order",
        gaps: s.expect.gaps,
        email: { from: s.email.from, subject: s.email.subject },
      });
      expect(proposed.partial.po_number).toBe(s.expect.partial.po_number);

      const audit = await auditRowsWhere("email.escalated", "$.escalation_id", answer.escalation_id);
      expect(audit).toHaveLength(1);
      expect(audit[0]?.po_number).toBe(partialPo);
      expect(audit[0]?.detail).toMatchObject({ gaps: s.expect.gaps, reason: answer.reason, email: s.email });

      const mentioned = new Set(
        [...`${s.email.subject}\n${s.email.body}`.matchAll(/PO-\d{4}-\d{4,6}/g)].map((m) => m[0]),
      );
      if (partialPo) mentioned.add(partialPo);
      for (const number of mentioned) expect(await orderView(number)).toBeNull();
    },
  );
});

describe("POST /v1/orders/email: mail that is no PO", () => {
  it.each(UNREADABLE)("$id: 422 unreadable-email with the reason, and an email.unreadable audit row", async (s) => {
    const problem = await readProblem(await postEmail(s.email), 422);
    expect(problem.type).toMatch(/\/unreadable-email$/);
    for (const part of s.expect.reason_include) expect(problem.detail).toContain(part);
    expect(problem.errors?.map((e) => e.field)).toEqual(["body"]);

    const { results } = await env.DB.prepare("SELECT kind, detail FROM audit_log WHERE kind = 'email.unreadable'").all<{
      kind: string;
      detail: string;
    }>();
    const mine = results
      .map((r) => JSON.parse(r.detail) as { reason: string; email: unknown })
      .filter((d) => JSON.stringify(d.email) === JSON.stringify(s.email));
    expect(mine).toHaveLength(1);
    for (const part of s.expect.reason_include) expect(mine[0]?.reason).toContain(part);
  });
});

describe("POST /v1/orders/email: the request itself", () => {
  it("answers 422 naming `from` when the sender is missing, and records nothing", async () => {
    const email = { subject: "PO-2024-10888", body: "10 x SKU-4892 at $595" };
    const problem = await readProblem(await postEmail(email), 422);
    expect(problem.type).toMatch(/\/invalid-email$/);
    expect(problem.errors?.map((e) => e.field)).toEqual(["from"]);
    expect(await orderView("PO-2024-10888")).toBeNull();
  });

  it("answers 422 naming `from` when it holds no address", async () => {
    const problem = await readProblem(
      await postEmail({ from: "Acme purchasing", subject: "PO-2024-10889", body: "10 x SKU-4892 at $595" }),
      422,
    );
    expect(problem.errors?.map((e) => e.field)).toEqual(["from"]);
    expect(await orderView("PO-2024-10889")).toBeNull();
  });

  it("answers 400 for a body that is not JSON", async () => {
    const res = await api("/v1/orders/email", {
      method: "POST",
      token: TOKENS.ops,
      headers: { "content-type": "application/json" },
      body: "from: purchasing@acme-industrial.example",
    });
    const problem = await readProblem(res, 400);
    expect(problem.type).toMatch(/\/malformed-json$/);
  });

  it.each([
    { who: "a customer token", token: TOKENS.acme, status: 403 },
    { who: "no token", token: null, status: 401 },
  ])("refuses $who with $status and reads nothing", async ({ token, status }) => {
    const email = {
      from: "purchasing@acme-industrial.example",
      subject: "PO-2024-10890",
      body: "10 x SKU-4892 at $595",
    };
    await readProblem(await postEmail(email, token), status);
    expect(await orderView("PO-2024-10890")).toBeNull();
  });
});
