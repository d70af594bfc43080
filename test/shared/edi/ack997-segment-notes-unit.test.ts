import { describe, expect, it } from "vitest";
import { build997, parseInterchange } from "../../../src/shared/edi";
import { PARTNERS } from "../../fixtures/edi/interchanges";
import { ISA_ACME, wrap850 } from "../../fixtures/edi/interchange-text";
import { strictSets } from "../../fixtures/edi/independent-x12";

const NOW = new Date("2024-09-30T12:05:00Z");
const ack = (raw: string) => build997(parseInterchange(raw, PARTNERS), { now: NOW, controlNumber: "77" });
/** The 997's set body as node-x12 reads it, each segment as `TAG*e1*e2...`. */
const notes = (raw: string) =>
  strictSets(ack(raw)).flatMap((s) => s.body.map((seg) => [seg.tag, ...seg.elements].join("*")));

describe("build997: AK3/AK4 say which segment and element failed (DESIGN §14)", () => {
  it("names a PO1 whose quantity is not a number: AK3 PO1 at its set position, AK4 PO102 (330) code 6 with the value", () => {
    const raw = wrap850(["BEG*00*SA*PO-AK-1**20240915", "PO1*1*x*EA*595**VP*SKU-4892", "CTT*1"]);
    expect(notes(raw)).toEqual([
      "AK1*PO*101",
      "AK2*850*0001",
      "AK3*PO1*3**8",
      "AK4*2*330*6*x",
      "AK5*R*5",
      "AK9*R*1*1*0",
    ]);
  });

  it("groups two element errors of one segment under one AK3, and orders AK3s by position", () => {
    const raw = wrap850([
      "BEG*00*SA*PO-AK-2**2024091",
      "DTM*002*20241301",
      "PO1*1*10*EA*5,95**VP*SKU-4892",
      "PO1*2*1O*EA*abc**VP*SKU-3300",
      "CTT*2",
    ]);
    expect(notes(raw)).toEqual([
      "AK1*PO*101",
      "AK2*850*0001",
      "AK3*BEG*2**8",
      "AK4*5*373*8*2024091",
      "AK3*DTM*3**8",
      "AK4*2*373*8*20241301",
      "AK3*PO1*4**8",
      "AK4*4*212*6*5,95",
      "AK3*PO1*5**8",
      "AK4*2*330*6*1O",
      "AK4*4*212*6*abc",
      "AK5*R*5",
      "AK9*R*1*1*0",
    ]);
  });

  it("says a mandatory element is missing (AK403 1) without copying a value", () => {
    const raw = wrap850(["BEG*00*SA***20240915", "PO1*1*10*EA*595**VP*SKU-4892", "CTT*1"]);
    expect(notes(raw)).toContain("AK4*3*324*1");
    expect(notes(raw)).toContain("AK3*BEG*2**8");
  });

  it("says a mandatory segment is missing (AK304 3): no BEG, no PO1", () => {
    expect(notes(wrap850(["PO1*1*10*EA*595**VP*SKU-4892", "CTT*1"]))).toContain("AK3*BEG*2**3");
    expect(notes(wrap850(["BEG*00*SA*PO-AK-3**20240915", "CTT*0"]))).toContain("AK3*PO1*3**3");
  });

  it("names an unrecognized segment id (AK304 1) and a CTT01 count that disagrees (AK3 without a syntax code)", () => {
    const raw = wrap850(["BEG*00*SA*PO-AK-4**20240915", "PO1*1*10*EA*595**VP*SKU-4892", "1PO*2*5", "CTT*3"]);
    expect(notes(raw)).toEqual(["AK1*PO*101", "AK2*850*0001", "AK3*1PO*4**1", "AK3*CTT*5", "AK5*R*5", "AK9*R*1*1*0"]);
  });

  it("writes no AK3 for an accepted set, nor for an envelope fault that has no segment to name (SE01)", () => {
    expect(notes(wrap850(["BEG*00*SA*PO-AK-5**20240915", "PO1*1*10*EA*595**VP*SKU-4892", "CTT*1"]))).toEqual([
      "AK1*PO*101",
      "AK2*850*0001",
      "AK5*A",
      "AK9*A*1*1*1",
    ]);
    const badCount = wrap850(["BEG*00*SA*PO-AK-6**20240915", "PO1*1*10*EA*595**VP*SKU-4892", "CTT*1"]).replace(
      "SE*5*0001",
      "SE*9*0001",
    );
    expect(notes(badCount)).toEqual(["AK1*PO*101", "AK2*850*0001", "AK5*R*4", "AK9*R*1*1*0"]);
  });

  it("keeps the 997's own delimiters out of an AK404 copy", () => {
    const raw = wrap850(["BEG*00*SA*PO-AK-7**20240915", "PO1*1*1>0*EA*595**VP*SKU-4892", "CTT*1"]);
    expect(notes(raw)).toContain("AK4*2*330*6*10");
    expect(ack(raw).startsWith(ISA_ACME.slice(0, 3))).toBe(true);
  });
});
