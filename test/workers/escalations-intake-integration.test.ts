import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMISSION_SINGLETON } from "../../src/durable-objects/admission.do";
import { openIntakeEscalation } from "../../src/shared/db/escalation-repository";
import { auditRowsForPo } from "../fixtures/audit";
import { orderView } from "../fixtures/orders";
import { acmePo, api, freshPo, TOKENS } from "../fixtures/api";

const admission = () => env.ADMISSION.getByName(ADMISSION_SINGLETON);
const decide = (id: string, body: unknown) =>
  api(`/v1/escalations/${id}/decision`, { method: "POST", token: TOKENS.ops, json: body });

/** An intake escalation holding a whole PO, as the e-mail sender check opens it. */
async function heldPo(po: string): Promise<string> {
  const id = `ESC-INTAKE-${po
    .replace(/[^0-9]/g, "")
    .padStart(12, "0")
    .slice(-12)}`;
  await openIntakeEscalation(env.DB, {
    escalationId: id,
    poNumber: po,
    customerId: "CUST-001",
    reason: "human decision: the sender domain belongs to no customer",
    proposed: { action: "confirm_sender_and_place_order", purchase_order: acmePo(po), sender_customer_ids: [] },
  });
  return id;
}

async function escalationStatus(id: string): Promise<string | undefined> {
  return (
    await env.DB.prepare("SELECT status FROM escalations WHERE escalation_id = ?").bind(id).first<{ status: string }>()
  )?.status;
}

describe("POST /v1/escalations/:id/decision on an intake escalation (DESIGN §4)", () => {
  it("a failure while placing the PO leaves the escalation open, and the person's retry places it", async () => {
    const po = freshPo();
    const id = await heldPo(po);
    // A PO with no usable po_number cannot be recorded: receiveOrder throws before any order exists.
    const failed = await decide(id, {
      decision: "modify",
      resolution: { resolution_type: "corrected_po", purchase_order: { customer_id: "CUST-001", line_items: [] } },
    });
    expect(failed.status).toBe(422);
    expect(await escalationStatus(id)).toBe("open");
    expect(await orderView(po)).toBeNull();

    const retried = await decide(id, { decision: "approve" });
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({
      escalation_id: id,
      status: "decided",
      decision: "approve",
      order: { po_number: po, customer_id: "CUST-001" },
    });
    expect(await escalationStatus(id)).toBe("decided");
    expect((await orderView(po))?.source).toMatchObject({ escalation_id: id });
  });

  it("two concurrent approvals place one order: one answers 200 with it, the other 409 already-decided", async () => {
    const po = freshPo();
    const id = await heldPo(po);
    const answers = await Promise.all([decide(id, { decision: "approve" }), decide(id, { decision: "approve" })]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const won = (await answers.find((a) => a.status === 200)!.json()) as { order: { po_number: string } };
    expect(won.order.po_number).toBe(po);
    const lost = (await answers.find((a) => a.status === 409)!.json()) as { type: string };
    expect(lost.type).toMatch(/\/already-decided$/);
    expect(await escalationStatus(id)).toBe("decided");
    expect((await auditRowsForPo("order.received", po)).length).toBe(1);
  });

  it("a PO number another order already holds places nothing and leaves the escalation open to correct", async () => {
    const po = freshPo();
    expect((await api("/v1/orders", { method: "POST", token: TOKENS.acme, json: acmePo(po) })).status).toBe(202);
    const before = await orderView(po);
    const id = await heldPo(po);
    const res = await decide(id, { decision: "approve" });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      type: expect.stringMatching(/\/duplicate-purchase-order$/),
      escalation_id: id,
      po_number: po,
    });
    expect(await escalationStatus(id)).toBe("open");
    expect((await orderView(po))?.version).toBe(before?.version);

    const corrected = freshPo();
    const modified = await decide(id, {
      decision: "modify",
      resolution: { resolution_type: "corrected_po", purchase_order: acmePo(corrected) },
    });
    expect(modified.status).toBe(200);
    expect(await escalationStatus(id)).toBe("decided");
    expect((await orderView(corrected))?.source).toMatchObject({ escalation_id: id });
  });

  it("with admission full, approving records the order waiting for admission and closes the escalation", async () => {
    // Fill the pipeline and its waiting line, whatever the earlier tests left in flight.
    let filled = 0;
    while ((await admission().admit({ order_key: `ESC-FILL-${filled}`, value: 1 })).decision !== "rejected")
      filled += 1;
    expect(filled).toBeLessThanOrEqual(150);
    expect((await api("/v1/orders", { method: "POST", token: TOKENS.acme, json: acmePo(freshPo()) })).status).toBe(429);

    const po = freshPo();
    const id = await heldPo(po);
    const res = await decide(id, { decision: "approve" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      escalation_id: id,
      status: "decided",
      order: { po_number: po, status: "received" },
    });
    expect(await escalationStatus(id)).toBe("decided");
    expect(await orderView(po)).toMatchObject({
      po_number: po,
      channel: "email",
      status: "received",
      admission: "waiting",
    });
  });
});
