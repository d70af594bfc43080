/** Outbound EDI answering amendments, through the API (DESIGN §14): an 860 gets an 865, a whole cancellation too. */
import { describe, expect, it } from "vitest";
import { freshPo, waitForSettled } from "../../fixtures/api";
import { changeOrder860 } from "../../fixtures/edi/amendments";
import { documentsOf, documentText, freshControl, partner850, postEdiExpect } from "../../fixtures/edi/outbound";
import { parseWithNodeX12 } from "../../fixtures/edi/x12-check";

/** An 850 from ACMEIND (whose documents are the seeded 855/856/810), taken and settled. */
async function ediOrder(): Promise<string> {
  const po = freshPo();
  await postEdiExpect(
    partner850("ACMEIND", po, [
      ["SKU-4892", 10, 595],
      ["SKU-7210", 6, 62.5],
    ]),
    202,
  );
  await waitForSettled(po);
  return po;
}

/** The segments of one listed document. */
async function segmentsOf(id: string): Promise<string[][]> {
  return parseWithNodeX12(await documentText(id)).segments;
}

describe("outbound EDI answering amendments", () => {
  it("an 860 change gets an 865 for a partner that wants 855s, its lines POC with their ACK", async () => {
    const po = await ediOrder();
    await postEdiExpect(changeOrder860(freshControl(), po, [{ type: "QD", sku: "SKU-4892", qty: 4 }]), 202);
    await waitForSettled(po);
    const docs = await documentsOf(po, 2);
    expect(docs.map((d) => [d.partner, d.type])).toEqual([
      ["ACMEIND", "855"],
      ["ACMEIND", "865"],
    ]);
    const segments = await segmentsOf(docs[1]!.id);
    expect(segments.find((s) => s[0] === "BCA")?.slice(1, 4)).toEqual(["00", "AC", po]);
    expect(segments.filter((s) => s[0] === "ACK").map((s) => s.slice(1, 3))).toEqual([
      ["IQ", "4"],
      ["IA", "6"],
    ]);
  });

  it("an 860 cancelling the whole order (BCH01 01) gets an 865 with every line IR", async () => {
    const po = await ediOrder();
    await postEdiExpect(changeOrder860(freshControl(), po, [], { purpose: "01", note: "Project cancelled" }), 202);
    expect((await waitForSettled(po)).status).toBe("cancelled");
    const docs = await documentsOf(po, 2);
    expect(docs.map((d) => d.type)).toEqual(["855", "865"]);
    const segments = await segmentsOf(docs[1]!.id);
    expect(segments.filter((s) => s[0] === "POC").map((s) => s[2])).toEqual(["DI", "DI"]);
    expect(segments.filter((s) => s[0] === "ACK").map((s) => s.slice(1, 3))).toEqual([
      ["IR", "10"],
      ["IR", "6"],
    ]);
  });
});
