import { describe, expect, it } from "vitest";
import {
  build997,
  interchangeFingerprint,
  interchangeQueryBudget,
  MAX_SETS_PER_INTERCHANGE,
  orderSets,
  parseInterchange,
  readAck997,
  withTakenSets,
  type TakenSet,
} from "../../../src/shared/edi";
import { setQueryCost } from "../../../src/shared/edi/interchange-progress";
import { D1_MAX_QUERIES_PER_INVOCATION } from "../../../src/shared/db/d1-limits";
import { PARTNERS, RAW } from "../../fixtures/edi/interchanges";

const parse = (raw: string) => parseInterchange(raw, PARTNERS);
const lines = (n: number) => ({
  line_items: Array.from({ length: n }, (_, i) => ({ sku: `SKU-${1000 + i}`, qty: 1 })),
});

describe("the D1 query budget of an interchange", () => {
  it("costs a set 7 queries up to 100 distinct SKUs and one more per further 100", () => {
    expect(setQueryCost(lines(1))).toBe(7);
    expect(setQueryCost(lines(100))).toBe(7);
    expect(setQueryCost(lines(101))).toBe(8);
    expect(setQueryCost(lines(500))).toBe(11);
    expect(setQueryCost({ line_items: [{ sku: "SKU-1000" }, { sku: "SKU-1000" }] })).toBe(7);
  });

  it("allows 140 ordinary sets per request within D1's 1,000 queries and refuses the 141st", () => {
    expect(D1_MAX_QUERIES_PER_INVOCATION).toBe(1000);
    expect(MAX_SETS_PER_INTERCHANGE).toBe(140);
    const sets = orderSets(parse(RAW.consolidatedMulti));
    const many = (n: number) =>
      Array.from({ length: n }, () => ({ ...sets[0]!, set: { ...sets[0]!.set, purchase_order: lines(1) } }));
    expect(interchangeQueryBudget(many(140))).toEqual({ queries: 1000, withinLimit: true });
    expect(interchangeQueryBudget(many(141)).withinLimit).toBe(false);
  });
});

describe("orderSets and interchangeFingerprint", () => {
  it("lists the sets accepted at the envelope with their keys, leaving rejected ones out", () => {
    expect(orderSets(parse(RAW.consolidatedMulti)).map((s) => s.key)).toEqual(["303/0001", "303/0002", "303/0003"]);
    expect(orderSets(parse(RAW.faultSt02Se02)).map((s) => s.key)).toEqual(["1400/0001"]);
  });

  it("is the same for a re-enveloped resend and differs when a set's content differs", async () => {
    const raw = RAW.acmeMultiline;
    const isa = raw.slice(raw.indexOf("ISA"), raw.indexOf("GS"));
    const stamp = /\*(\d{6})\*(\d{4})\*/.exec(isa)!;
    const resent = raw.replace(stamp[0], "*991231*2359*").replaceAll("\n", "\r\n");
    expect(resent).not.toBe(raw);
    expect(await interchangeFingerprint(parse(resent))).toBe(await interchangeFingerprint(parse(raw)));
    const changed = raw.replace("PO1*1*60*", "PO1*1*61*");
    expect(changed).not.toBe(raw);
    expect(await interchangeFingerprint(parse(changed))).not.toBe(await interchangeFingerprint(parse(raw)));
  });
});

describe("withTakenSets: the 997 after the sets are taken", () => {
  const order = {
    po_number: null,
    status: "rejected",
    validation: {},
    control_numbers: { group: "303", transaction: "0002" },
  };
  const rejected: TakenSet = {
    order,
    rejection: { level: "transaction", code: "5", message: "no order was recorded", segment: "BEG" },
  };
  const recorded: TakenSet = { order, rejection: null };

  it("rejects a set that recorded no order with its code, the rest of the group partially accepted", () => {
    const result = withTakenSets(
      parse(RAW.consolidatedMulti),
      new Map([
        ["303/0001", recorded],
        ["303/0002", rejected],
        ["303/0003", recorded],
      ]),
    );
    const ack = readAck997(build997(result, { now: new Date("2024-09-30T12:00:00Z"), controlNumber: "7" }));
    expect(ack.groups.map((g) => [g.status, g.accepted, g.sets.map((s) => `${s.status}${s.codes.join("")}`)])).toEqual([
      ["P", 2, ["A", "R5", "A"]],
    ]);
  });

  it("rejects the group when none of its sets recorded an order", () => {
    const result = withTakenSets(
      parse(RAW.consolidatedMulti),
      new Map(["303/0001", "303/0002", "303/0003"].map((k) => [k, rejected])),
    );
    const ack = readAck997(build997(result, { now: new Date("2024-09-30T12:00:00Z"), controlNumber: "8" }));
    expect(ack.groups.map((g) => [g.status, g.accepted])).toEqual([["R", 0]]);
  });
});
