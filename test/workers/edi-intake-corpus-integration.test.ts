import { describe, expect, it } from "vitest";
import { readAck997 } from "../../src/shared/edi";
import { CORPUS, type CorpusCase } from "../fixtures/edi/corpus/cases";
import { strictInterchange, strictSets, streamedSegments } from "../fixtures/edi/independent-x12";
import { postEdi, type EdiAnswer } from "../fixtures/edi/intake-cases";
import { auditRowsWhere } from "../fixtures/audit";

interface Answer extends EdiAnswer {
  ta1: string | null;
}

/** The EDI intake's answer to a case, from the 202 body or the 422 problem. */
async function answerTo(c: CorpusCase): Promise<Answer> {
  const res = await postEdi(c.text);
  expect(res.status, await res.clone().text()).toBe(c.expect.status);
  const body = (await res.json()) as Partial<Answer>;
  return { interchange_control_number: "", orders: [], ack_997: "", ta1: null, ...body };
}

/** The 997's AK3/AK4 segments, as node-x12 reads them. */
const segmentNotes = (ack997: string) =>
  strictSets(ack997)
    .flatMap((s) => s.body)
    .filter((s) => s.tag === "AK3" || s.tag === "AK4")
    .map((s) => [s.tag, ...s.elements].join("*"));

describe("POST /v1/orders/edi: the messy-interchange corpus (DESIGN §5.4, §14)", () => {
  it("holds at least 25 cases, good and bad, each with a reason", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(25);
    expect(CORPUS.filter((c) => c.expect.orders.length > 0).length).toBeGreaterThanOrEqual(12);
    expect(CORPUS.filter((c) => c.expect.status === 422).length).toBeGreaterThanOrEqual(10);
    expect(new Set(CORPUS.map((c) => c.name)).size).toBe(CORPUS.length);
    for (const c of CORPUS) expect(c.why.length).toBeGreaterThan(20);
  });

  it.each(CORPUS)("$name: $why", async (c) => {
    const answer = await answerTo(c);
    expect(answer.orders.map((o) => o.po_number)).toEqual(c.expect.orders);
    for (const o of answer.orders) expect(o.status).toBe("received");

    const ack = readAck997(answer.ack_997);
    expect(ack.errors).toEqual([]);
    expect(ack.groups.map((g) => g.status)).toEqual(c.expect.ak9);
    expect(ack.groups.flatMap((g) => g.sets.map((s) => [s.status, ...s.codes].join(" ")))).toEqual(c.expect.ak5);
    // An independent parser reads the 997 too, and finds the AK3/AK4 notes there. A 997 with no
    // group (nothing past the ISA could be read) is beyond node-x12's strict mode: read its stream.
    if (c.expect.ak9.length === 0) {
      expect((await streamedSegments(answer.ack_997)).map((s) => [s.tag, s.elements.at(-1) ?? ""])).toEqual([
        ["ISA", expect.any(String)],
        ["IEA", expect.any(String)],
      ]);
    } else expect(() => strictInterchange(answer.ack_997)).not.toThrow();
    const notes = c.expect.ak9.length === 0 ? [] : segmentNotes(answer.ack_997);
    if (c.expect.notes) expect(notes).toEqual(c.expect.notes);
    else if (c.expect.ak5.every((s) => !s.startsWith("R 5"))) expect(notes).toEqual([]);

    if (c.expect.ta1 === null) expect(answer.ta1).toBeNull();
    else {
      const segments = await streamedSegments(String(answer.ta1));
      expect(segments.map((s) => s.tag)).toEqual(["ISA", "TA1", "IEA"]);
      expect(segments[1]?.elements.slice(3)).toEqual([c.expect.ta1.status, c.expect.ta1.note]);
    }
  });

  it("keeps the TA1 in the audit row beside the 997, accepted or rejected", async () => {
    const requested = CORPUS.find((c) => c.name === "ta1-requested") as CorpusCase;
    const accepted = await auditRowsWhere("edi.interchange", "$.interchange_control_number", "000710017");
    expect(accepted).toHaveLength(1);
    expect(String(accepted[0]?.detail.ta1)).toMatch(/TA1\*000710017\*241001\*0900\*A\*000~/);
    expect(accepted[0]?.detail.raw_interchange).toBe(requested.text);

    const rejected = await auditRowsWhere("edi.interchange_rejected", "$.interchange_control_number", "000720001");
    expect(rejected).toHaveLength(1);
    expect(String(rejected[0]?.detail.ta1)).toMatch(/TA1\*000720001\*241001\*0900\*R\*001~/);
    expect(
      (await auditRowsWhere("edi.interchange", "$.interchange_control_number", "000710001"))[0]?.detail.ta1,
    ).toBeNull();
  });

  it("reads the good interchanges node-x12 can read strictly to the same PO numbers", () => {
    const good = CORPUS.filter((c) => c.expect.orders.length > 0 && c.expect.ak5.every((s) => s === "A"));
    let read = 0;
    for (const c of good) {
      let sets: ReturnType<typeof strictSets>;
      try {
        sets = strictSets(c.text);
      } catch {
        continue; // node-x12 is not liberal: an unpadded ISA, a BOM or a moved terminator is beyond it.
      }
      read += 1;
      const pos = sets.map((s) => s.body.find((seg) => seg.tag === "BEG")?.elements[2]);
      expect(pos, c.name).toEqual(c.expect.orders);
    }
    expect(read).toBeGreaterThanOrEqual(8);
  });
});
