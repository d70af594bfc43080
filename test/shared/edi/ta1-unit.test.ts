import { describe, expect, it } from "vitest";
import { buildTa1, parseInterchange, ta1Verdict, wantsTa1 } from "../../../src/shared/edi";
import { PARTNERS, RAW } from "../../fixtures/edi/interchanges";
import { ISA_ACME, MINIMAL_850, wrap850 } from "../../fixtures/edi/interchange-text";
import { streamedSegments } from "../../fixtures/edi/independent-x12";

const NOW = new Date("2024-09-30T12:05:00Z");
const parse = (raw: string) => parseInterchange(raw, PARTNERS);
const ta1 = (raw: string) => buildTa1(parse(raw), { now: NOW, controlNumber: "88" });
const asking = (raw: string) => raw.replace("*000000101*0*P*", "*000000101*1*P*");

describe("buildTa1: the interchange acknowledgment (DESIGN §14)", () => {
  it("accepts (A, 000) an interchange whose ISA14 asks for a TA1, repeating its ISA13, ISA09 and ISA10", () => {
    const raw = asking(wrap850(MINIMAL_850));
    expect(wantsTa1(parse(raw))).toBe(true);
    expect(ta1(raw)).toBe(
      "ISA*00*          *00*          *ZZ*EDGEORDERS     *ZZ*ACMEIND        *240930*1205*U*00401*000000088*0*P*>~" +
        "TA1*000000101*240915*1030*A*000~IEA*0*000000088~",
    );
  });

  it("wants no TA1 for a sound interchange with ISA14 0", () => {
    expect(wantsTa1(parse(wrap850(MINIMAL_850)))).toBe(false);
  });

  it.each([
    ["IEA02 is not ISA13", RAW.faultIsa13Iea02, "001"],
    ["IEA01 miscounts the groups", RAW.faultIea01, "021"],
    ["no IEA", wrap850(MINIMAL_850).replace("IEA*1*000000101~\n", ""), "023"],
    ["ISA13 not numeric", wrap850(MINIMAL_850).replaceAll("000000101", "00000010A"), "018"],
    ["a letter as the element separator", wrap850(MINIMAL_850).replace("ISA*", "ISAX"), "026"],
  ])("rejects (R) an envelope at fault with its note code: %s (%s)", (_name, raw, note) => {
    const result = parse(raw);
    expect(wantsTa1(result)).toBe(true);
    expect(ta1Verdict(result)).toEqual({ status: "R", note });
    expect(ta1(raw)).toContain(`*R*${note}~`);
  });

  it("answers an unreadable interchange with nine zeros and the time it is made", () => {
    expect(ta1("not an interchange")).toContain("TA1*000000000*240930*1205*R*022~IEA*0*000000088~");
  });

  it("is read by an independent parser (node-x12): ISA, TA1 with five elements, IEA counting no groups", async () => {
    const segments = await streamedSegments(ta1(asking(wrap850(MINIMAL_850))));
    expect(segments.map((s) => s.tag)).toEqual(["ISA", "TA1", "IEA"]);
    expect(segments[1]?.elements).toEqual(["000000101", "240915", "1030", "A", "000"]);
    expect(segments[0]?.elements.slice(4, 8).map((e) => e.trim())).toEqual(["ZZ", "EDGEORDERS", "ZZ", "ACMEIND"]);
    expect(segments[2]?.elements[0]).toBe("0");
  });

  it("speaks the received delimiters", () => {
    const raw = asking(wrap850(MINIMAL_850)).replaceAll("*", "|");
    expect(ta1(raw)).toContain("TA1|000000101|240915|1030|A|000~");
    expect(ISA_ACME).toHaveLength(106);
  });
});
