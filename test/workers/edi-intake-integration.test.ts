import { describe, expect, it } from "vitest";
import { readAck997 } from "../../src/shared/edi";
import {
  ACCEPTED_CASES,
  ackSummary,
  postEdi,
  UNKNOWN_PARTNER,
  type EdiAnswer,
  type EdiOrderCase,
} from "../fixtures/edi/intake-cases";
import { auditRowsWhere } from "../fixtures/audit";
import { FOUR_AGENTS, eventLogOf, orderView } from "../fixtures/orders";
import { readJson } from "../fixtures/responses";
import { waitForSettled } from "../fixtures/api";

/** The 202 answer of `POST /v1/orders/edi`. */

/** Checks one stored EDI order against the fixture, settled through the four agents. */
async function expectStoredEdiOrder(interchange: string, sender: string, o: EdiOrderCase): Promise<void> {
  const settled = await waitForSettled(o.po);
  expect(settled).toMatchObject({
    po_number: o.po,
    channel: "edi",
    customer_id: o.customer_id,
    customer: o.customer,
    order_date: o.order_date,
  });
  expect(settled.source).toEqual({
    interchange_control_number: interchange,
    group_control_number: o.group,
    transaction_control_number: o.transaction,
    sender_id: sender,
  });
  expect(
    settled.lines.map((x) => ({ sku: x.sku, qty: x.qty, unit_price: x.unit_price, contract_price: x.contract_price })),
  ).toEqual(o.lines);
  expect(settled.validation.status).toBe("accepted");
  expect(settled.agents_invoked).toEqual(FOUR_AGENTS);

  const events = await eventLogOf(o.po);
  expect(events[0]?.type).toBe("order.received");
  expect(events[0]?.data).toMatchObject({
    channel: "edi",
    source: {
      interchange_control_number: interchange,
      group_control_number: o.group,
      transaction_control_number: o.transaction,
    },
  });
  expect(events.some((e) => e.type === "order.rejected")).toBe(false);
}

describe("POST /v1/orders/edi: accepted interchanges", () => {
  it.each(ACCEPTED_CASES)("$name becomes its orders, acknowledged A, with their control numbers", async (c) => {
    const res = await postEdi(c.raw);
    expect(res.headers.get("content-type")).toContain("application/json");
    const answer = await readJson<EdiAnswer>(res, 202);

    expect(answer.interchange_control_number).toBe(c.control);
    expect(
      answer.orders.map((o) => ({
        po_number: o.po_number,
        status: o.status,
        validation: o.validation.status,
        errors: o.validation.errors,
        control_numbers: o.control_numbers,
      })),
    ).toEqual(
      c.orders.map((o) => ({
        po_number: o.po,
        status: "received",
        validation: "accepted",
        errors: [],
        control_numbers: { group: o.group, transaction: o.transaction },
      })),
    );

    const ack = readAck997(answer.ack_997);
    expect(ack.errors).toEqual([]);
    expect(ack.receiver_id).toBe(c.sender);
    expect(ackSummary(ack)).toEqual(c.ack);

    for (const o of c.orders) await expectStoredEdiOrder(c.control, c.sender, o);

    const audit = await auditRowsWhere("edi.interchange", "$.interchange_control_number", c.control);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.detail).toMatchObject({ sender_id: c.sender, errors: [], orders: c.orders.map((o) => o.po) });
    // The raw interchange exactly as posted (CRLF, blank lines and all) and the 997 exactly as answered.
    expect(audit[0]?.detail.raw_interchange).toBe(c.raw);
    expect(audit[0]?.detail.ack_997).toBe(answer.ack_997);
    expect(String(audit[0]?.detail.ack_control_number).padStart(9, "0")).toBe(ack.control_number);
    expect(await auditRowsWhere("edi.interchange_rejected", "$.interchange_control_number", c.control)).toEqual([]);
  });

  it("reports the unknown-partner PO as rejected and records it rejected, acknowledged A at the envelope", async () => {
    const u = UNKNOWN_PARTNER;
    const answer = await readJson<EdiAnswer>(await postEdi(u.raw), 202);
    expect(answer.interchange_control_number).toBe(u.control);
    expect(answer.orders).toHaveLength(1);
    const [reported] = answer.orders;
    expect(reported).toMatchObject({
      po_number: u.po,
      status: "rejected",
      validation: { status: "rejected" },
      control_numbers: { group: u.group, transaction: u.transaction },
    });
    expect(reported?.validation.errors.map((e) => e.field)).toContain("customer_id");
    expect(ackSummary(readAck997(answer.ack_997))).toEqual(u.ack);

    const view = await orderView(u.po);
    expect(view).not.toBeNull();
    expect(view).toMatchObject({
      po_number: u.po,
      channel: "edi",
      status: "rejected",
      customer: null,
      validation: { status: "rejected" },
      agents_invoked: [],
      pending_handoffs: 0,
    });
    expect(view?.validation.errors.map((e) => e.field)).toContain("customer_id");
    expect(view?.source).toEqual({
      interchange_control_number: u.control,
      group_control_number: u.group,
      transaction_control_number: u.transaction,
      sender_id: u.sender,
    });
    expect(view?.lines.map((x) => ({ sku: x.sku, qty: x.qty, unit_price: x.unit_price }))).toEqual([
      { sku: "SKU-7210", qty: 10, unit_price: 62.5 },
    ]);

    const events = await eventLogOf(u.po);
    expect(events.slice(0, 3).map((e) => e.type)).toEqual(["order.received", "order.rejected", "status.changed"]);
    expect(events[2]?.data).toMatchObject({ from: "received", to: "rejected" });
    expect(events.some((e) => e.type === "handoff.issued")).toBe(false);
    const audit = await auditRowsWhere("edi.interchange", "$.interchange_control_number", u.control);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.detail.orders).toEqual([u.po]);
  });
});
