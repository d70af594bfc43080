import { describe, expect, it } from "vitest";
import { readAck997 } from "../../src/shared/edi";
import {
  acmeInterchange,
  ackSummary,
  CONTENT_FAULT_CASES,
  ENVELOPE_FAULT_CASES,
  postEdi,
  type EdiAnswer,
} from "../fixtures/edi/intake-cases";
import { auditRowsWhere } from "../fixtures/audit";
import { FOUR_AGENTS, eventLogOf, orderView } from "../fixtures/orders";
import { readJson, readProblem } from "../fixtures/responses";
import { freshPo, TOKENS, waitForSettled } from "../fixtures/api";

const PARTIAL = CONTENT_FAULT_CASES.filter((c) => c.orders.length > 0);
const ALL_REJECTED = CONTENT_FAULT_CASES.filter((c) => c.orders.length === 0);

describe("POST /v1/orders/edi: interchange envelope faults", () => {
  it.each(ENVELOPE_FAULT_CASES)(
    "$name: 422 with a rejecting 997, no order, one rejected-interchange audit row",
    async (c) => {
      const problem = await readProblem(await postEdi(c.raw), 422);
      expect(problem.type).toMatch(/\/invalid-interchange$/);
      expect(problem.interchange_control_number).toBe(c.control);
      expect(typeof problem.ack_997).toBe("string");
      const ack = readAck997(String(problem.ack_997));
      expect(ack.errors).toEqual([]);
      expect(ackSummary(ack)).toEqual(c.ack);

      for (const po of c.pos) expect(await orderView(po)).toBeNull();

      const rejected = await auditRowsWhere("edi.interchange_rejected", "$.interchange_control_number", c.control);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]?.detail).toMatchObject({
        sender_id: c.sender,
        orders: [],
        raw_interchange: c.raw,
        ack_997: problem.ack_997,
      });
      expect((rejected[0]?.detail.errors as string[] | undefined)?.length).toBeGreaterThan(0);
      expect(await auditRowsWhere("edi.interchange", "$.interchange_control_number", c.control)).toEqual([]);
    },
  );
});

describe("POST /v1/orders/edi: group and set faults in a sound envelope", () => {
  it.each(PARTIAL)("$name: 202, the faulty part rejected in the 997 and unordered, the rest ordered", async (c) => {
    const answer = await readJson<EdiAnswer>(await postEdi(c.raw), 202);
    expect(answer.interchange_control_number).toBe(c.control);
    expect(
      answer.orders.map((o) => ({ po_number: o.po_number, status: o.status, control_numbers: o.control_numbers })),
    ).toEqual(
      c.orders.map((o) => ({
        po_number: o.po,
        status: "received",
        control_numbers: { group: o.group, transaction: o.transaction },
      })),
    );
    expect(ackSummary(readAck997(answer.ack_997))).toEqual(c.ack);

    for (const po of c.pos) expect(await orderView(po)).toBeNull();
    for (const o of c.orders) {
      const view = await waitForSettled(o.po);
      expect(view).toMatchObject({ channel: "edi", customer_id: o.customer_id, order_date: o.order_date });
      expect(view.source).toEqual({
        interchange_control_number: c.control,
        group_control_number: o.group,
        transaction_control_number: o.transaction,
        sender_id: c.sender,
      });
      expect(
        view.lines.map((x) => ({ sku: x.sku, qty: x.qty, unit_price: x.unit_price, contract_price: x.contract_price })),
      ).toEqual(o.lines);
      expect(view.agents_invoked).toEqual(FOUR_AGENTS);
    }
    const audit = await auditRowsWhere("edi.interchange", "$.interchange_control_number", c.control);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.detail).toMatchObject({
      orders: c.orders.map((o) => o.po),
      raw_interchange: c.raw,
      ack_997: answer.ack_997,
    });
  });

  it.each(ALL_REJECTED)("$name: the 997 rejects every group with its code and no order is made", async (c) => {
    // The status of the HTTP answer is left to the skipped test below.
    const res = await postEdi(c.raw);
    const body = (await res.json()) as { ack_997?: unknown };
    expect(typeof body.ack_997).toBe("string");
    expect(ackSummary(readAck997(String(body.ack_997)))).toEqual(c.ack);
    for (const po of c.pos) expect(await orderView(po)).toBeNull();
  });

  // Each fixture can be posted once per file, so this runs on copies with new ISA13s.
  it.each(ALL_REJECTED)("$name: a wholly rejected interchange answers 422 and audits as rejected", async (c) => {
    const control = String(Number(c.control) + 5).padStart(9, "0");
    const raw = c.raw.replaceAll(c.control, control);
    const problem = await readProblem(await postEdi(raw), 422);
    expect(problem.type).toMatch(/\/invalid-interchange$/);
    expect(await auditRowsWhere("edi.interchange_rejected", "$.interchange_control_number", control)).toHaveLength(1);
  });
});

describe("POST /v1/orders/edi: repeats, media type and rights", () => {
  it("refuses the same interchange sent again as a duplicate carrying its first answer and 997, creating nothing new", async () => {
    const po = freshPo();
    const raw = acmeInterchange(9001, po, [["SKU-4892", 60, 480]]);
    const first = await readJson<EdiAnswer>(await postEdi(raw), 202);
    expect(first.orders.map((o) => [o.po_number, o.status])).toEqual([[po, "received"]]);
    const settled = await waitForSettled(po);
    const eventsBefore = await eventLogOf(po);

    // A partner's translator may re-envelope a resend: new ISA and GS dates and times, CR/LF.
    const resent = raw
      .replace("*240915*1030*", "*240916*0815*")
      .replace("*20240915*1030*", "*20240916*0815*")
      .replaceAll("~\n", "~\r\n");
    const problem = await readProblem(await postEdi(resent), 409);
    expect(problem.type).toMatch(/\/duplicate-interchange$/);
    expect(problem).toMatchObject({ ...first, resent: true });

    expect(await eventLogOf(po)).toEqual(eventsBefore);
    expect((await orderView(po))?.version).toBe(settled.version);
    const accepted = await auditRowsWhere("edi.interchange", "$.interchange_control_number", "000009001");
    expect(accepted.map((r) => r.detail.ack_997)).toEqual([first.ack_997]);
    expect(await auditRowsWhere("edi.interchange_rejected", "$.interchange_control_number", "000009001")).toEqual([]);
    expect(await auditRowsWhere("edi.interchange_resent", "$.interchange_control_number", "000009001")).toHaveLength(1);
  });

  it("refuses other content under a control number already received with 409 and a rejecting 997, creating nothing", async () => {
    const po = freshPo();
    const other = freshPo();
    const first = await readJson<EdiAnswer>(await postEdi(acmeInterchange(9004, po, [["SKU-4892", 60, 480]])), 202);
    await waitForSettled(po);
    const eventsBefore = await eventLogOf(po);

    const raw = acmeInterchange(9004, other, [["SKU-4892", 60, 480]]);
    const problem = await readProblem(await postEdi(raw), 409);
    expect(problem.type).toMatch(/\/duplicate-interchange$/);
    expect(problem.interchange_control_number).toBe("000009004");
    const ack = readAck997(String(problem.ack_997));
    expect(ackSummary(ack)).toEqual([
      {
        group: "9004",
        status: "R",
        included: 1,
        received: 1,
        accepted: 0,
        codes: [],
        sets: [{ control_number: "0001", status: "R", codes: [] }],
      },
    ]);
    expect(ack.control_number).not.toBe(readAck997(first.ack_997).control_number);

    expect(await orderView(other)).toBeNull();
    expect(await eventLogOf(po)).toEqual(eventsBefore);
    const accepted = await auditRowsWhere("edi.interchange", "$.interchange_control_number", "000009004");
    const refused = await auditRowsWhere("edi.interchange_rejected", "$.interchange_control_number", "000009004");
    expect(accepted.map((r) => r.detail.ack_997)).toEqual([first.ack_997]);
    expect(refused.map((r) => r.detail.ack_997)).toEqual([problem.ack_997]);
    expect(refused[0]?.detail).toMatchObject({ raw_interchange: raw, orders: [] });
    expect(String(refused[0]?.detail.errors)).toContain("025");
  });

  it("rejects a known PO number in a new interchange in the 997 (AK5 R, code 5) as a duplicate, changing nothing", async () => {
    const po = freshPo();
    await readJson<EdiAnswer>(await postEdi(acmeInterchange(9002, po, [["SKU-4892", 10, 595]])), 202);
    const settled = await waitForSettled(po);
    const answer = await readJson<EdiAnswer>(await postEdi(acmeInterchange(9003, po, [["SKU-4892", 20, 595]])), 202);
    const reason = `duplicate PO number ${po}: CUST-001 already has an order with this number`;
    expect(answer.orders.map((o) => [o.po_number, o.status, o.validation])).toEqual([
      [
        po,
        "duplicate",
        { status: "duplicate_detected", errors: [{ field: "po_number", message: reason }], warnings: [] },
      ],
    ]);
    expect(ackSummary(readAck997(answer.ack_997))).toEqual([
      {
        group: "9003",
        status: "R",
        included: 1,
        received: 1,
        accepted: 0,
        codes: [],
        sets: [{ control_number: "0001", status: "R", codes: ["5"] }],
      },
    ]);
    const audit = await auditRowsWhere("edi.interchange", "$.interchange_control_number", "000009003");
    expect(audit.map((r) => r.detail.errors)).toEqual([[`transaction 5 ${reason}`]]);
    const view = await orderView(po);
    expect(view?.version).toBe(settled.version);
    expect(view?.lines.map((x) => x.qty)).toEqual([10]);
    expect(view?.source).toMatchObject({ interchange_control_number: "000009002" });
  });

  it.each([
    {
      name: "application/json instead of X12",
      token: TOKENS.ops,
      contentType: "application/json",
      status: 400,
      type: /\/unsupported-content-type$/,
    },
    {
      name: "a customer token",
      token: TOKENS.acme,
      contentType: "application/edi-x12",
      status: 403,
      type: /\/forbidden$/,
    },
    { name: "no token", token: null, contentType: "application/edi-x12", status: 401, type: /\/unauthorized$/ },
  ])("refuses $name with $status and records nothing", async ({ token, contentType, status, type }) => {
    const po = freshPo();
    const control = 9100 + status;
    const raw = acmeInterchange(control, po, [["SKU-4892", 5, 595]]);
    const problem = await readProblem(await postEdi(raw, { token, contentType }), status);
    expect(problem.type).toMatch(type);
    expect(await orderView(po)).toBeNull();
    const isa13 = String(control).padStart(9, "0");
    expect(await auditRowsWhere("edi.interchange", "$.interchange_control_number", isa13)).toEqual([]);
    expect(await auditRowsWhere("edi.interchange_rejected", "$.interchange_control_number", isa13)).toEqual([]);
    // The control number was not claimed: the same interchange, sent properly, is taken.
    const answer = await readJson<EdiAnswer>(await postEdi(raw), 202);
    expect(answer.orders.map((o) => [o.po_number, o.status])).toEqual([[po, "received"]]);
  });
});
