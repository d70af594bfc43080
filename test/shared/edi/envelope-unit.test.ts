import { describe, expect, it } from "vitest";
import { build997, parseInterchange, readAck997, type EdiInterchangeResult } from "../../../src/shared/edi";
import { PARTNERS } from "../../fixtures/edi/interchanges";
import { ISA_ACME, interchange, MINIMAL_850, wrap850 } from "../../fixtures/edi/interchange-text";

const GS = "GS*PO*ACMEIND*EDGEORDERS*20240915*1030*101*X*004010";
const SET_0001 = ["ST*850*0001", ...MINIMAL_850, "SE*5*0001"] as const;
const SET_0002 = [
  "ST*850*0002",
  "BEG*00*SA*PO-2024-30002**20240915",
  "PO1*1*5*EA*215**VP*SKU-9010",
  "CTT*1",
  "SE*5*0002",
] as const;
const NOW = new Date("2024-09-15T11:00:00Z");

const parse = (raw: string) => parseInterchange(raw, PARTNERS);
const interchangeCodes = (r: EdiInterchangeResult) => r.errors.map((e) => e.code);
const groupCodes = (r: EdiInterchangeResult) => r.groups.map((g) => g.errors.map((e) => e.code));
const setCodes = (r: EdiInterchangeResult) =>
  r.groups.map((g) => g.transactions.map((t) => t.errors.map((e) => e.code)));
const ack = (r: EdiInterchangeResult) => readAck997(build997(r, { now: NOW, controlNumber: "5" }));

describe("parseInterchange: interchange-level faults reject everything", () => {
  it("accepts the sound baseline", () => {
    const r = parse(wrap850(MINIMAL_850));
    expect([r.accepted, interchangeCodes(r), groupCodes(r), setCodes(r)]).toEqual([true, [], [[]], [[[]]]]);
  });

  it("rejects a missing IEA (023) and still acknowledges the group with AK9 R", () => {
    const r = parse(interchange(ISA_ACME, GS, ...SET_0001, "GE*1*101"));
    expect(r.accepted).toBe(false);
    expect(interchangeCodes(r)).toEqual(["023"]);
    expect(r.groups[0]?.accepted).toBe(false);
    expect(r.groups[0]?.transactions[0]?.purchase_order).toBeNull();
    const a = ack(r);
    expect(a.groups.map((g) => [g.status, g.included, g.received, g.accepted, g.codes])).toEqual([["R", 1, 1, 0, []]]);
    expect(a.groups[0]?.sets).toEqual([{ set_id: "850", control_number: "0001", status: "R", codes: [] }]);
  });

  it("compares ISA13 and IEA02 as the exact 9 digits (001)", () => {
    expect(interchangeCodes(parse(wrap850(MINIMAL_850).replace("IEA*1*000000101", "IEA*1*101")))).toEqual(["001"]);
  });

  it("rejects a non-numeric IEA01 (021)", () => {
    expect(interchangeCodes(parse(wrap850(MINIMAL_850).replace("IEA*1*", "IEA*one*")))).toEqual(["021"]);
  });

  it.each([
    ["a segment after IEA", interchange(ISA_ACME, GS, ...SET_0001, "GE*1*101", "IEA*1*000000101", "GS*PO*X")],
    ["a second interchange", wrap850(MINIMAL_850) + wrap850(MINIMAL_850)],
    ["an ST before any GS", interchange(ISA_ACME, ...SET_0001, GS, "GE*0*101", "IEA*1*000000101")],
    [
      "a segment between SE and GE",
      interchange(ISA_ACME, GS, ...SET_0001, "REF*ZZ*LOOSE", "GE*1*101", "IEA*1*000000101"),
    ],
    ["an SE without ST", interchange(ISA_ACME, GS, ...SET_0001, "SE*5*0001", "GE*1*101", "IEA*1*000000101")],
    ["a GE without GS", interchange(ISA_ACME, GS, ...SET_0001, "GE*1*101", "GE*1*101", "IEA*1*000000101")],
  ])("rejects %s as an invalid control structure (022)", (_name, raw) => {
    const r = parse(raw);
    expect(r.accepted).toBe(false);
    expect(interchangeCodes(r)).toContain("022");
    expect(r.groups.every((g) => !g.accepted)).toBe(true);
  });

  it("accepts an interchange with no groups, and answers with an empty 997 interchange", () => {
    const r = parse(interchange(ISA_ACME, "IEA*0*000000101"));
    expect([r.accepted, r.groups]).toEqual([true, []]);
    expect(build997(r, { now: NOW, controlNumber: "5" })).toMatch(/~IEA\*0\*000000005~$/);
  });
});

describe("parseInterchange: group-level faults reject the group", () => {
  it("rejects a group without GE (3), counting its sets as received", () => {
    const r = parse(interchange(ISA_ACME, GS, ...SET_0001, "IEA*1*000000101"));
    expect([interchangeCodes(r), groupCodes(r), setCodes(r)]).toEqual([[], [["3"]], [[[]]]]);
    expect(r.groups[0]?.declared_set_count).toBeNull();
    expect(ack(r).groups.map((g) => [g.status, g.included, g.received, g.accepted, g.codes])).toEqual([
      ["R", 1, 1, 0, ["3"]],
    ]);
  });

  it("rejects a group of another functional id (1) whose sets are not 850s (AK5 1)", () => {
    const raw = interchange(
      ISA_ACME,
      GS.replace("GS*PO*", "GS*IN*"),
      "ST*810*0001",
      "BIG*20240915*INV-1",
      "SE*3*0001",
      "GE*1*101",
      "IEA*1*000000101",
    );
    const r = parse(raw);
    expect([groupCodes(r), setCodes(r)]).toEqual([[["1"]], [[["1"]]]]);
    const a = ack(r);
    expect(a.groups[0]?.functional_id).toBe("IN");
    expect(a.groups[0]?.sets).toEqual([{ set_id: "810", control_number: "0001", status: "R", codes: ["1"] }]);
    expect([a.groups[0]?.status, a.groups[0]?.codes]).toEqual(["R", ["1"]]);
  });

  it("rejects an unsupported GS08 version (2)", () => {
    expect(groupCodes(parse(wrap850(MINIMAL_850).replace("*X*004010", "*X*003040")))).toEqual([["2"]]);
  });

  it("accepts 005010 implementation guide versions in GS08", () => {
    expect(groupCodes(parse(wrap850(MINIMAL_850).replace("*X*004010", "*X*005010X222A1")))).toEqual([[]]);
  });

  it("rejects a non-numeric group control number (6)", () => {
    expect(
      groupCodes(parse(wrap850(MINIMAL_850).replace("*1030*101*X", "*1030*A1*X").replace("GE*1*101", "GE*1*A1"))),
    ).toEqual([["6"]]);
  });

  it("reports several group faults at once: version (2) and missing GE (3)", () => {
    const r = parse(interchange(ISA_ACME, GS.replace("004010", "003040"), ...SET_0001, "IEA*1*000000101"));
    expect(groupCodes(r)).toEqual([["2", "3"]]);
    expect(build997(r, { now: NOW, controlNumber: "5" })).toContain("~AK9*R*1*1*0*2*3~");
  });

  it("accepts an empty group (GE01 0) with AK9 A 0 0 0", () => {
    const r = parse(interchange(ISA_ACME, GS, "GE*0*101", "IEA*1*000000101"));
    expect(r.groups.map((g) => g.accepted)).toEqual([true]);
    expect(ack(r).groups.map((g) => [g.status, g.included, g.received, g.accepted])).toEqual([["A", 0, 0, 0]]);
  });
});

describe("parseInterchange: set-level faults reject the set", () => {
  it("rejects a set that is not an 850 (1) without reading it as one", () => {
    const r = parse(wrap850(MINIMAL_850).replace("ST*850*0001", "ST*855*0001"));
    expect(setCodes(r)).toEqual([[["1"]]]);
    expect(r.groups[0]?.transactions[0]?.set_id).toBe("855");
    expect(r.groups[0]?.accepted).toBe(false);
  });

  it("rejects a set whose SE is missing before GE (2)", () => {
    const r = parse(interchange(ISA_ACME, GS, ...SET_0001.slice(0, -1), "GE*1*101", "IEA*1*000000101"));
    expect([groupCodes(r), setCodes(r)]).toEqual([[[]], [[["2"]]]]);
    expect(r.groups[0]?.transactions[0]?.segment_count).toBe(4);
  });

  it("reports SE02 and SE01 mismatches together (3, 4) and both in AK5", () => {
    const r = parse(wrap850(MINIMAL_850).replace("SE*5*0001", "SE*7*0009"));
    expect(setCodes(r)).toEqual([[["3", "4"]]]);
    expect(ack(r).groups[0]?.sets[0]?.codes).toEqual(["3", "4"]);
  });

  it("rejects a non-numeric SE01 (4)", () => {
    expect(setCodes(parse(wrap850(MINIMAL_850).replace("SE*5*", "SE*five*")))).toEqual([[["4"]]]);
  });

  it("rejects an ST02 shorter than 4 characters (7)", () => {
    expect(setCodes(parse(wrap850(MINIMAL_850).replaceAll("*0001", "*001")))).toEqual([[["7"]]]);
  });

  it("rejects the second of two sets sharing an ST02 (23)", () => {
    const r = parse(interchange(ISA_ACME, GS, ...SET_0001, ...SET_0001, "GE*2*101", "IEA*1*000000101"));
    expect(setCodes(r)).toEqual([[[], ["23"]]]);
    expect(ack(r).groups.map((g) => [g.status, g.included, g.received, g.accepted])).toEqual([["P", 2, 2, 1]]);
  });

  it("rejects a set with a malformed segment tag (5)", () => {
    const r = parse(
      wrap850(["BEG*00*SA*PO-2024-30001**20240915", "po1*1*10*EA*595**VP*SKU-4892", "PO1*2*1*EA*595**VP*SKU-4892"]),
    );
    expect(setCodes(r)).toEqual([[["5"]]]);
    expect(r.groups[0]?.transactions[0]?.errors[0]?.segment).toBe("po1");
  });

  it("keeps a bad set from touching the good sets around it", () => {
    const bad = SET_0002.map((s) => s.replace("CTT*1", "CTT*2"));
    const r = parse(interchange(ISA_ACME, GS, ...SET_0001, ...bad, "GE*2*101", "IEA*1*000000101"));
    expect(setCodes(r)).toEqual([[[], ["5"]]]);
    expect(r.groups[0]?.transactions.map((t) => t.purchase_order?.po_number ?? null)).toEqual(["PO-2024-30001", null]);
  });
});
