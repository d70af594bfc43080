import { beforeAll, describe, expect, it } from "vitest";
import { freshPo, waitForSettled } from "../../fixtures/api";
import { documentsOf, documentText, partner850, registerPartner } from "../../fixtures/edi/outbound";
import { postEdi } from "../../fixtures/edi/intake-cases";
import { readJson, readProblem } from "../../fixtures/responses";

/** A partner no other test sends to, so every interchange we send it is counted here. */
const PARTNER = "CTRLNUMPARTNER";

beforeAll(() =>
  registerPartner(PARTNER, "CUST-001", "Acme (control numbers)", { qualifier: "ZZ", documents: ["855"] }),
);

/** ISA13 of an interchange we sent. */
const isa13 = (x12: string): number => Number(x12.split(x12.charAt(3))[13]);

/** An 850 from the partner asking for a TA1 (ISA14 = 1). */
const ackRequested850 = (po: string): string =>
  partner850(PARTNER, po, [["SKU-4892", 4, 595]]).replace("*0*P*>", "*1*P*>");

describe("our interchange control numbers: one counter per partner for everything we send it", () => {
  it("the 997, the TA1 and the 855 to one partner never share an ISA13", async () => {
    const po = freshPo();
    const answer = await readJson<{ ack_997: string; ta1: string | null }>(await postEdi(ackRequested850(po)), 202);
    expect(answer.ta1).not.toBeNull();
    await waitForSettled(po);
    const [doc] = await documentsOf(po, 1);
    expect(doc?.type).toBe("855");
    const numbers = [isa13(answer.ack_997), isa13(answer.ta1 ?? ""), isa13(await documentText(doc!.id))];
    expect([...numbers].sort((a, b) => a - b)).toEqual([1, 2, 3]);
  });

  it("a resent interchange is answered with its first TA1, not a new one", async () => {
    const raw = ackRequested850(freshPo());
    const first = await readJson<{ ta1: string | null }>(await postEdi(raw), 202);
    expect(first.ta1).toMatch(/^ISA/);
    const again = await readProblem(await postEdi(raw), 409);
    expect(again).toMatchObject({ resent: true, ta1: first.ta1 });
  });
});
