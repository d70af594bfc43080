import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_SETS_PER_INTERCHANGE, readAck997 } from "../../src/shared/edi";
import { acmeInterchange, acmeInterchangeOf, ackSummary, postEdi, type EdiAnswer } from "../fixtures/edi/intake-cases";
import { auditRowsWhere } from "../fixtures/audit";
import { eventLogOf, orderView } from "../fixtures/orders";
import { readJson, readProblem } from "../fixtures/responses";
import { freshPo } from "../fixtures/api";

const FAILING_TRIGGER = "fail_taking_set";

afterEach(async () => {
  await env.DB.prepare(`DROP TRIGGER IF EXISTS ${FAILING_TRIGGER}`).run();
});

/** Makes recording one set of one interchange throw, as a failure part-way through would. */
async function failRecordingSet(isa13: string, st02: string): Promise<void> {
  await env.DB.prepare(
    `CREATE TRIGGER ${FAILING_TRIGGER} BEFORE INSERT ON edi_transaction_sets ` +
      `WHEN NEW.interchange_control_number = '${isa13}' AND NEW.transaction_control_number = '${st02}' ` +
      `BEGIN SELECT RAISE(ABORT, 'simulated failure taking set ${st02}'); END`,
  ).run();
}

describe("POST /v1/orders/edi: a failure part-way, and a resend", () => {
  it("leaves the claim unfinished and audited; the resend takes the missing sets, never doubles one, and a further resend carries the same 997", async () => {
    const pos = [freshPo(), freshPo(), freshPo(), freshPo(), freshPo()];
    const raw = acmeInterchangeOf(
      9301,
      pos.map((po) => ({ po, lines: [["SKU-4892", 10, 595]] as const })),
    );
    // Set 3's order is recorded, then taking it fails: sets 4 and 5 are never reached.
    await failRecordingSet("000009301", "0003");

    const res = await postEdi(raw);
    const problem = await readProblem(res, 503);
    expect(problem.type).toMatch(/\/interchange-incomplete$/);
    expect(problem).toMatchObject({ interchange_control_number: "000009301", transaction_sets: 5, taken: 2 });
    expect(res.headers.get("retry-after")).toBe("30");
    // The claimed control number has its audit row, holding the interchange as received.
    const incomplete = await auditRowsWhere("edi.interchange_incomplete", "$.interchange_control_number", "000009301");
    expect(incomplete).toHaveLength(1);
    expect(incomplete[0]?.detail).toMatchObject({
      sender_id: "ACMEIND",
      raw_interchange: raw,
      transaction_sets: 5,
      taken: ["9301/0001", "9301/0002"],
    });
    expect(await auditRowsWhere("edi.interchange", "$.interchange_control_number", "000009301")).toEqual([]);
    expect(await orderView(pos[2]!)).not.toBeNull();
    expect(await orderView(pos[3]!)).toBeNull();
    expect(await orderView(pos[4]!)).toBeNull();

    await env.DB.prepare(`DROP TRIGGER ${FAILING_TRIGGER}`).run();
    const answer = await readJson<EdiAnswer>(await postEdi(raw), 202);
    expect(answer.orders.map((o) => [o.po_number, o.validation.status, o.control_numbers.transaction])).toEqual(
      pos.map((po, i) => [po, "accepted", `000${i + 1}`]),
    );
    const ack = readAck997(answer.ack_997);
    expect(ackSummary(ack)).toEqual([
      {
        group: "9301",
        status: "A",
        included: 5,
        received: 5,
        accepted: 5,
        codes: [],
        sets: ["0001", "0002", "0003", "0004", "0005"].map((n) => ({ control_number: n, status: "A", codes: [] })),
      },
    ]);
    for (const po of pos) {
      const received = (await eventLogOf(po)).filter((e) => e.type === "order.received");
      expect(received, po).toHaveLength(1);
      expect(received[0]?.data).toMatchObject({ source: { interchange_control_number: "000009301" } });
    }
    const finished = await auditRowsWhere("edi.interchange", "$.interchange_control_number", "000009301");
    expect(finished).toHaveLength(1);
    expect(finished[0]?.detail).toMatchObject({ orders: pos, raw_interchange: raw, ack_997: answer.ack_997 });
    // The 997 carries the control number claimed by the first attempt.
    expect(String(finished[0]?.detail.ack_control_number).padStart(9, "0")).toBe(ack.control_number);

    // Sent once more, finished: a duplicate, carrying the same answer and 997.
    expect(await readProblem(await postEdi(raw), 409)).toMatchObject({ ...answer, resent: true });
    expect(await auditRowsWhere("edi.interchange", "$.interchange_control_number", "000009301")).toHaveLength(1);
  });
});

describe("POST /v1/orders/edi: every set an order or a rejection in the 997", () => {
  it("rejects a set that can record no order (AK5 R, code 5, with its reason) and takes the rest", async () => {
    const po = freshPo();
    // Longer than any PO number may be (X12 BEG03 is 1 to 22 characters): no order can hold it.
    const unusable = "PO-2024-12345678901234567890";
    const answer = await readJson<EdiAnswer>(
      await postEdi(
        acmeInterchangeOf(9304, [
          { po, lines: [["SKU-4892", 3, 595]] },
          { po: unusable, lines: [["SKU-4892", 3, 595]] },
        ]),
      ),
      202,
    );
    expect(answer.orders.map((o) => [o.po_number, o.status, o.validation.status])).toEqual([
      [po, "received", "accepted"],
      [unusable, "rejected", "rejected"],
    ]);
    expect(answer.orders[1]?.validation.errors.map((e) => e.field)).toContain("po_number");
    expect(ackSummary(readAck997(answer.ack_997))).toEqual([
      {
        group: "9304",
        status: "P",
        included: 2,
        received: 2,
        accepted: 1,
        codes: [],
        sets: [
          { control_number: "0001", status: "A", codes: [] },
          { control_number: "0002", status: "R", codes: ["5"] },
        ],
      },
    ]);
    expect(await orderView(po)).not.toBeNull();
    const [audit] = await auditRowsWhere("edi.interchange", "$.interchange_control_number", "000009304");
    expect(String(audit?.detail.errors)).toContain("no order was recorded");
  });
});

describe("POST /v1/orders/edi: interchanges at D1's limits", () => {
  it("refuses more transaction sets than one request can take with a 413 naming the limit, claiming nothing", async () => {
    const pos = Array.from({ length: MAX_SETS_PER_INTERCHANGE + 1 }, (_, i) => `PO-9302-${String(100000 + i)}`);
    const raw = acmeInterchangeOf(
      9302,
      pos.map((po) => ({ po, lines: [["SKU-4892", 1, 595]] as const })),
    );
    const problem = await readProblem(await postEdi(raw), 413);
    expect(problem.type).toMatch(/\/interchange-too-large$/);
    expect(problem).toMatchObject({
      limit: "d1-queries-per-invocation",
      max_queries: 1000,
      transaction_sets: MAX_SETS_PER_INTERCHANGE + 1,
      max_transaction_sets: MAX_SETS_PER_INTERCHANGE,
    });
    expect(problem.detail).toContain("1000");
    expect(problem.detail).toContain(`at most ${MAX_SETS_PER_INTERCHANGE} transaction sets`);
    expect(await orderView(pos[0]!)).toBeNull();
    expect(await auditRowsWhere("edi.interchange_refused", "$.interchange_control_number", "000009302")).toHaveLength(
      1,
    );

    // Nothing was claimed: the same control number, split down to the limit, is taken.
    const po = freshPo();
    const answer = await readJson<EdiAnswer>(await postEdi(acmeInterchange(9302, po, [["SKU-4892", 1, 595]])), 202);
    expect(answer.orders.map((o) => o.po_number)).toEqual([po]);
  });

  it("keeps a raw interchange too long for one audit row whole, in part rows", async () => {
    const po = freshPo();
    // Blank lines between segments are ignored (DESIGN §5.4), but JSON doubles each CR/LF: 1.8 MB of detail.
    const raw = acmeInterchange(9303, po, [["SKU-4892", 2, 595]]).replace("~\nGS*", `~${"\r\n".repeat(450_000)}GS*`);
    const answer = await readJson<EdiAnswer>(await postEdi(raw), 202);
    expect(answer.orders.map((o) => o.po_number)).toEqual([po]);

    const [main] = await auditRowsWhere("edi.interchange", "$.interchange_control_number", "000009303");
    expect(main?.detail).toMatchObject({
      raw_interchange: null,
      raw_interchange_chars: raw.length,
      ack_997: answer.ack_997,
      orders: [po],
    });
    const parts = await auditRowsWhere("edi.interchange.part", "$.interchange_control_number", "000009303");
    expect(parts.length).toBe(main?.detail.raw_interchange_parts);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.detail.text).join("")).toBe(raw);
  });
});
