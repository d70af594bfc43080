import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMISSION_SINGLETON } from "../../src/durable-objects/admission.do";
import { readAck997 } from "../../src/shared/edi";
import { acmeInterchangeOf, ackSummary, postEdi, type EdiAnswer } from "../fixtures/edi/intake-cases";
import { auditRowsWhere } from "../fixtures/audit";
import { FOUR_AGENTS, orderView } from "../fixtures/orders";
import { readJson } from "../fixtures/responses";
import { acmePo, api, freshPo, TOKENS, waitForSettled } from "../fixtures/api";

const admission = () => env.ADMISSION.getByName(ADMISSION_SINGLETON);

describe("POST /v1/orders/edi with admission full (DESIGN §5.4, §10)", () => {
  it("records every set as an order waiting for admission, acknowledges them truthfully, and runs them when room is made", async () => {
    for (let i = 0; i < 50; i++)
      expect((await admission().admit({ order_key: `PO-9400-${String(100000 + i)}`, value: 1 })).decision).toBe(
        "admitted",
      );
    for (let i = 0; i < 100; i++)
      expect((await admission().admit({ order_key: `PO-9401-${String(100000 + i)}`, value: 1 })).decision).toBe(
        "waiting",
      );
    // Full: a portal PO is turned away with 429 ...
    const portal = await api("/v1/orders", { method: "POST", token: TOKENS.acme, json: acmePo(freshPo()) });
    expect(portal.status).toBe(429);

    // ... but an interchange accepted at the envelope is the partner's committed document: its sets wait.
    const pos = [freshPo(), freshPo()];
    const answer = await readJson<EdiAnswer>(
      await postEdi(
        acmeInterchangeOf(
          9401,
          pos.map((po) => ({ po, lines: [["SKU-4892", 60, 480]] as const })),
        ),
      ),
      202,
    );
    expect(answer.orders.map((o) => [o.po_number, o.status, o.validation.status])).toEqual(
      pos.map((po) => [po, "received", "accepted"]),
    );
    expect(ackSummary(readAck997(answer.ack_997))).toEqual([
      {
        group: "9401",
        status: "A",
        included: 2,
        received: 2,
        accepted: 2,
        codes: [],
        sets: [
          { control_number: "0001", status: "A", codes: [] },
          { control_number: "0002", status: "A", codes: [] },
        ],
      },
    ]);
    for (const po of pos)
      expect(await orderView(po)).toMatchObject({
        po_number: po,
        channel: "edi",
        status: "received",
        admission: "waiting",
      });
    expect(await admission().snapshot()).toMatchObject({ in_flight: 50, waiting: 102 });
    const audit = await auditRowsWhere("edi.interchange", "$.interchange_control_number", "000009401");
    expect(audit.map((r) => r.detail.orders)).toEqual([pos]);

    // Room is made: the parked orders ($28,800 each) go ahead of the $1 fillers and run.
    await admission().release("PO-9400-100000");
    await admission().release("PO-9400-100001");
    for (const po of pos)
      expect(await waitForSettled(po)).toMatchObject({ admission: "admitted", agents_invoked: FOUR_AGENTS });
  });
});
