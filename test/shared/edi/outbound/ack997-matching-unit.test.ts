import { describe, expect, it } from "vitest";
import { readAck997 } from "../../../../src/shared/edi";
import { groupAcks, isFunctionalAcknowledgment } from "../../../../src/shared/edi/outbound/ack997-matching";
import { acmeInterchange } from "../../../fixtures/edi/intake-cases";

const ISA = "ISA*00*          *00*          *ZZ*ACMEIND        *ZZ*EDGEORDERS     *241203*1600*U*00401*000000007*0*P*>";

function ack997(...sets: string[][]): string {
  const bodies = sets.flatMap((body, i) => {
    const st02 = String(i + 1).padStart(4, "0");
    return [`ST*997*${st02}`, ...body, `SE*${body.length + 2}*${st02}`];
  });
  return [ISA, "GS*FA*ACMEIND*EDGEORDERS*20241203*1600*7*X*004010", ...bodies, `GE*${sets.length}*7`, "IEA*1*000000007"]
    .map((s) => `${s}~`)
    .join("\n");
}

describe("a partner's 997 read as acknowledgments of our documents", () => {
  it("tells a 997 interchange (GS01 FA) from an 850 one", () => {
    expect(isFunctionalAcknowledgment(ack997(["AK1*PR*12", "AK9*A*1*1*1"]))).toBe(true);
    expect(isFunctionalAcknowledgment(acmeInterchange(7, "PO-1", [["SKU-4892", 1, 595]]))).toBe(false);
    expect(isFunctionalAcknowledgment("not x12")).toBe(false);
  });

  it("names each document by functional id and group control number, with the set's AK5 as verdict", () => {
    const text = ack997(
      ["AK1*PR*12", "AK2*855*0012", "AK5*A", "AK9*A*1*1*1"],
      ["AK1*SH*13", "AK2*856*0013", "AK5*E", "AK9*E*1*1*1"],
      ["AK1*IN*14", "AK2*810*0014", "AK5*R*5", "AK9*R*1*1*0"],
      ["AK1*CA*15", "AK9*P*1*1*0"],
      ["AK1*PO*16", "AK9*A*1*1*1"],
    );
    expect(groupAcks(readAck997(text))).toEqual([
      { functional_id: "PR", types: ["855"], control_number: 12, status: "accepted" },
      { functional_id: "SH", types: ["856"], control_number: 13, status: "accepted_with_errors" },
      { functional_id: "IN", types: ["810"], control_number: 14, status: "rejected" },
      { functional_id: "CA", types: ["865"], control_number: 15, status: "accepted_with_errors" },
    ]);
  });
});
