import { describe, expect, it } from "vitest";
import { build997, parseInterchange, readAck997, type EdiInterchangeResult } from "../../../src/shared/edi";
import { PARTNERS, RAW } from "../../fixtures/edi/interchanges";

const NOW = new Date("2024-09-30T12:05:00Z");
const parse = (raw: string) => parseInterchange(raw, PARTNERS);

describe("build997: the whole acknowledgment", () => {
  it("acknowledges a single accepted 850, sender and receiver swapped, no line breaks", () => {
    expect(build997(parse(RAW.acmeMultiline), { now: NOW, controlNumber: "42" })).toBe(
      "ISA*00*          *00*          *ZZ*EDGEORDERS     *ZZ*ACMEIND        *240930*1205*U*00401*000000042*0*P*>~" +
        "GS*FA*EDGEORDERS*ACMEIND*20240930*1205*42*X*004010~" +
        "ST*997*0001~AK1*PO*101~AK2*850*0001~AK5*A~AK9*A*1*1*1~SE*6*0001~" +
        "GE*1*42~IEA*1*000000042~",
    );
  });

  it("acknowledges a partially accepted group with the rejected set's code", () => {
    expect(build997(parse(RAW.faultSt02Se02), { now: NOW, controlNumber: "43" })).toBe(
      "ISA*00*          *00*          *ZZ*EDGEORDERS     *ZZ*BETAIND        *240930*1205*U*00401*000000043*0*P*>~" +
        "GS*FA*EDGEORDERS*BETAIND*20240930*1205*43*X*004010~" +
        "ST*997*0001~AK1*PO*1400~AK2*850*0001~AK5*A~AK2*850*0002~AK5*R*3~AK9*P*2*2*1~SE*8*0001~" +
        "GE*1*43~IEA*1*000000043~",
    );
  });

  it("answers 00501 in 00501: the received repetition separator, test indicator and AK103 version", () => {
    expect(build997(parse(RAW.betaCrlf), { now: NOW, controlNumber: "44" })).toBe(
      "ISA*00*          *00*          *ZZ*EDGEORDERS     *ZZ*BETAIND        *240930*1205*^*00501*000000044*0*T*:~" +
        "GS*FA*EDGEORDERS*BETAIND*20240930*1205*44*X*005010~" +
        "ST*997*0001~AK1*PO*202*005010~AK2*850*0001~AK5*A~AK9*A*1*1*1~SE*6*0001~" +
        "GE*1*44~IEA*1*000000044~",
    );
  });

  it("answers an unreadable interchange with the default delimiters and no groups", () => {
    const result = parse("Dear supplier, please send 10 valves.");
    expect(result.delimiters).toBeNull();
    expect(build997(result, { now: NOW, controlNumber: "45" })).toBe(
      "ISA*00*          *00*          *ZZ*               *ZZ*               *240930*1205*U*00401*000000045*0*P*:~" +
        "IEA*0*000000045~",
    );
  });
});

describe("build997: envelope details", () => {
  it("writes a fixed-length 106-character ISA even with odd delimiters", () => {
    for (const raw of [RAW.betaPipe, RAW.acmeBang, RAW.acmeUnpaddedIsa]) {
      const text = build997(parse(raw), { now: NOW, controlNumber: "7" });
      const terminator = text.charAt(105);
      expect(text.indexOf(terminator)).toBe(105);
      expect(text.slice(0, 3)).toBe("ISA");
    }
  });

  it("uses the received delimiters: '|', '^' and a newline per segment", () => {
    const text = build997(parse(RAW.betaPipe), { now: NOW, controlNumber: "7" });
    expect(text.split("\n")).toHaveLength(11);
    expect(text.split("\n")[3]).toBe("AK1|PO|505");
    expect(text.charAt(104)).toBe("^");
  });

  it("swaps the interchange id qualifiers as well as the ids", () => {
    const ack = readAck997(build997(parse(RAW.consolidatedMulti), { now: NOW, controlNumber: "7" }));
    expect([ack.sender_qualifier, ack.sender_id, ack.receiver_qualifier, ack.receiver_id]).toEqual([
      "ZZ",
      "EDGEORDERS",
      "01",
      "CONSOLMFG",
    ]);
    expect([ack.version, ack.usage_indicator]).toEqual(["00401", "P"]);
  });

  it("answers several groups with one 997 set each inside one FA group", () => {
    const ack = readAck997(build997(parse(RAW.acmeSeveralGroups), { now: NOW, controlNumber: "000000077" }));
    expect(ack.control_number).toBe("000000077");
    expect([ack.application_sender, ack.application_receiver]).toEqual(["EDGEORDERS", "ACMEIND"]);
    expect(ack.groups.map((g) => [g.ack_control_number, g.group_control_number])).toEqual([
      ["0001", "401"],
      ["0002", "402"],
    ]);
    expect(ack.errors).toEqual([]);
  });

  it("writes the group control number without the ISA13 padding", () => {
    expect(build997(parse(RAW.acmeMultiline), { now: NOW, controlNumber: "000000077" })).toContain(
      "*1205*77*X*004010~",
    );
  });

  it.each(["", "12a", "1234567890", "-1"])("refuses the control number %j", (controlNumber) => {
    expect(() => build997(parse(RAW.acmeMultiline), { now: NOW, controlNumber })).toThrow(RangeError);
  });

  it("writes at most five codes in AK5 and AK9", () => {
    const codes = ["1", "2", "3", "4", "5", "6"];
    const result: EdiInterchangeResult = {
      accepted: true,
      control_number: "000000001",
      sender_id: "ACMEIND",
      receiver_id: "EDGEORDERS",
      version: "00401",
      errors: [],
      delimiters: { element: "*", component: ">", segment: "~" },
      isa: null,
      groups: [
        {
          control_number: "9",
          functional_id: "PO",
          version: "004010",
          application_sender: "ACMEIND",
          application_receiver: "EDGEORDERS",
          declared_set_count: 1,
          accepted: false,
          errors: codes.map((code) => ({ level: "group", code, message: "x" })),
          transactions: [
            {
              control_number: "0001",
              set_id: "850",
              accepted: false,
              errors: codes.map((code) => ({ level: "transaction", code, message: "x" })),
              purchase_order: null,
              segment_count: 5,
            },
          ],
        },
      ],
    };
    const text = build997(result, { now: NOW, controlNumber: "1" });
    expect(text).toContain("~AK5*R*1*2*3*4*5~AK9*R*1*1*0*1*2*3*4*5~");
  });
});

describe("readAck997", () => {
  const good = build997(parse(RAW.faultMissingSe), { now: NOW, controlNumber: "50" });

  it("reads AK1, AK2/AK5 and AK9 back", () => {
    const ack = readAck997(good);
    expect(ack.errors).toEqual([]);
    expect(ack.groups).toEqual([
      {
        ack_control_number: "0001",
        functional_id: "PO",
        group_control_number: "1600",
        status: "P",
        included: 2,
        received: 2,
        accepted: 1,
        codes: [],
        sets: [
          { set_id: "850", control_number: "0001", status: "R", codes: ["2"] },
          { set_id: "850", control_number: "0002", status: "A", codes: [] },
        ],
      },
    ]);
  });

  it("finds a wrong SE01 in a 997", () => {
    expect(readAck997(good.replace("SE*8*0001", "SE*9*0001")).errors.map((e) => [e.level, e.code])).toEqual([
      ["transaction", "4"],
    ]);
  });

  it("finds a wrong GE01 and IEA01 in a 997", () => {
    const bad = good.replace("GE*1*50", "GE*2*50").replace("IEA*1*", "IEA*3*");
    expect(readAck997(bad).errors.map((e) => [e.level, e.code])).toEqual([
      ["interchange", "021"],
      ["group", "5"],
    ]);
  });

  it("reports a 997 without AK1 or AK9, and an AK5 without AK2", () => {
    const text = good.replace("AK1*PO*1600~", "").replace("AK9*P*2*2*1~", "").replace("SE*8*0001", "SE*6*0001");
    expect(readAck997(text).errors.map((e) => e.segment)).toEqual(["AK1", "AK9"]);
    const orphan = good.replace("AK2*850*0001~", "").replace("SE*8*0001", "SE*7*0001");
    expect(readAck997(orphan).errors.map((e) => e.segment)).toEqual(["AK5"]);
  });

  it("refuses an interchange that carries 850s rather than 997s", () => {
    const ack = readAck997(RAW.acmeMultiline);
    expect(ack.errors.map((e) => [e.level, e.code]).slice(0, 2)).toEqual([
      ["group", "1"],
      ["transaction", "1"],
    ]);
  });
});
