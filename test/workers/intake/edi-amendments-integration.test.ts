import { beforeEach, describe, expect, it } from "vitest";
import { readAck997 } from "../../../src/shared/edi";
import { placeSettled, waitForSettled } from "../../fixtures/api";
import { amending850, changeOrder860 } from "../../fixtures/edi/amendments";
import { ackSummary, type EdiAnswer, postEdi } from "../../fixtures/edi/intake-cases";
import { eventsOf } from "../../fixtures/orders";
import { readJson } from "../../fixtures/responses";
import { resetStock } from "../../fixtures/stock";

/** Amendments by EDI (issue 12 item 3, DESIGN §14): 860 change orders and 850 BEG01 01/05, each answered with a 997. */

beforeEach(resetStock);

let control = 860_100;
/** An interchange control number no other test of this file uses. */
const nextControl = () => {
  control += 1;
  return control;
};

/** Posts an amending interchange and reads its answer and 997. */
async function send(raw: string) {
  const answer = await readJson<EdiAnswer>(await postEdi(raw), 202);
  return {
    answer,
    ack: ackSummary(readAck997(answer.ack_997)),
    functionalId: readAck997(answer.ack_997).groups[0]?.functional_id,
  };
}

const TWO_LINES = [
  { sku: "SKU-4892", qty: 60 },
  { sku: "SKU-3300", qty: 2 },
];

describe("860 change orders", () => {
  it("QI raises a quantity: re-priced, acknowledged A under PC, the change recorded with its EDI source", async () => {
    const placed = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 40 }], "2024-10-02");
    const n = nextControl();
    const { answer, ack, functionalId } = await send(
      changeOrder860(n, placed.po_number, [{ type: "QI", sku: "SKU-4892", qty: 60, price: 480 }]),
    );
    expect(functionalId).toBe("PC");
    expect(ack).toMatchObject([{ status: "A", sets: [{ control_number: "0001", status: "A" }] }]);
    expect(answer.orders).toMatchObject([
      { po_number: placed.po_number, control_numbers: { group: String(n), transaction: "0001" } },
    ]);
    const after = await waitForSettled(placed.po_number);
    expect(after.lines).toMatchObject([{ sku: "SKU-4892", qty: 60, unit_price: 480 }]);
    expect(after.total).toBe(28_800);
    const changed = (await eventsOf(placed.po_number)).find((e) => e.type === "order.changed");
    expect(changed?.data).toMatchObject({
      source: {
        channel: "edi",
        transaction_set: "860",
        sender_id: "ACMEIND",
        interchange_control_number: String(n).padStart(9, "0"),
        transaction_control_number: "0001",
      },
    });
  });

  it("DI deletes a line", async () => {
    const placed = await placeSettled("CUST-001", TWO_LINES, "2024-10-02");
    const { ack } = await send(changeOrder860(nextControl(), placed.po_number, [{ type: "DI", sku: "SKU-3300" }]));
    expect(ack[0]!.status).toBe("A");
    const after = await waitForSettled(placed.po_number);
    expect(after.lines.map((l) => l.sku)).toEqual(["SKU-4892"]);
    expect(after.total).toBe(28_800);
  });

  it("BCH01 01 cancels the whole order", async () => {
    const placed = await placeSettled("CUST-001", TWO_LINES, "2024-10-02");
    const { answer, ack } = await send(
      changeOrder860(nextControl(), placed.po_number, [], { purpose: "01", note: "Project cancelled" }),
    );
    expect(ack[0]!.status).toBe("A");
    expect(answer.orders[0]).toMatchObject({ po_number: placed.po_number, status: "cancelled" });
    const after = await waitForSettled(placed.po_number);
    expect(after.status).toBe("cancelled");
    const cancelled = (await eventsOf(placed.po_number)).find((e) => e.type === "order.cancelled");
    expect(cancelled?.data).toMatchObject({
      reason: "Project cancelled",
      whole: true,
      source: { transaction_set: "860" },
    });
  });

  it("rejects an 860 for an unknown PO in the 997, and the answer says why", async () => {
    const { answer, ack } = await send(
      changeOrder860(nextControl(), "PO-NEVER-PLACED-1", [{ type: "QI", sku: "SKU-4892", qty: 5 }]),
    );
    expect(ack).toMatchObject([{ status: "R", sets: [{ control_number: "0001", status: "R", codes: ["5"] }] }]);
    expect(answer.orders).toMatchObject([
      {
        po_number: "PO-NEVER-PLACED-1",
        status: "rejected",
        validation: {
          status: "rejected",
          errors: [{ field: "po_number", message: "no order PO-NEVER-PLACED-1 of CUST-001 to amend" }],
        },
      },
    ]);
  });

  it("answers an amendment the order refuses (already cancelled) with its status and a rejected validation, the 997 accepting the set", async () => {
    const placed = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 60 }], "2024-10-02");
    const cancelled = await send(changeOrder860(nextControl(), placed.po_number, [], { purpose: "01" }));
    expect(cancelled.answer.orders[0]!.status).toBe("cancelled");
    const again = await send(
      changeOrder860(nextControl(), placed.po_number, [{ type: "QD", sku: "SKU-4892", qty: 10 }]),
    );
    expect(again.ack[0]!.status).toBe("A");
    expect(again.answer.orders[0]).toMatchObject({
      status: "cancelled",
      validation: { status: "rejected", errors: [{ message: "the order is already cancelled" }] },
    });
  });
});

describe("850 amendments", () => {
  it("BEG01 01 cancels the order the 850 first placed", async () => {
    const placed = await placeSettled("CUST-001", TWO_LINES, "2024-10-02");
    const { answer, ack, functionalId } = await send(
      amending850(nextControl(), placed.po_number, "01", [["SKU-4892", 60, 480]]),
    );
    expect(functionalId).toBe("PO");
    expect(ack[0]!.status).toBe("A");
    expect(answer.orders[0]).toMatchObject({ po_number: placed.po_number, status: "cancelled" });
    const cancelled = (await eventsOf(placed.po_number)).find((e) => e.type === "order.cancelled");
    expect(cancelled?.data).toMatchObject({ whole: true, source: { channel: "edi", transaction_set: "850" } });
  });

  it("BEG01 05 replaces the line set: lines it leaves out go to 0, its date and quantities apply", async () => {
    const placed = await placeSettled("CUST-001", TWO_LINES, "2024-10-02");
    const { ack } = await send(amending850(nextControl(), placed.po_number, "05", [["SKU-4892", 70, 480]], "20241101"));
    expect(ack[0]!.status).toBe("A");
    const after = await waitForSettled(placed.po_number);
    expect(after.lines).toMatchObject([{ sku: "SKU-4892", qty: 70 }]);
    expect(after.requested_delivery_date).toBe("2024-11-01");
    const changed = (await eventsOf(placed.po_number)).find((e) => e.type === "order.changed");
    expect(changed?.data).toMatchObject({
      changes: [
        { sku: "SKU-4892", qty_before: 60, qty_after: 70 },
        { sku: "SKU-3300", qty_before: 2, qty_after: 0 },
      ],
      requested_delivery_date: { before: null, after: "2024-11-01" },
      source: { transaction_set: "850" },
    });
  });
});
