import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { ADMISSION_SINGLETON } from "../../../src/durable-objects/admission.do";
import { MAX_IN_FLIGHT } from "../../../src/shared/admission";
import type { OrderView } from "../../../src/shared/order-view";
import { api, CUSTOMER_TOKENS, freshPo, placeOrder, placeSettled, TOKENS, waitForSettled } from "../../fixtures/api";
import { eventsOf } from "../../fixtures/orders";
import { errorFields, expectProblem } from "../../fixtures/responses";
import { eventually, reservationsOf, resetStock, stockOf, type StockRow } from "../../fixtures/stock";
import { sendWebhook } from "../../fixtures/webhooks";

/** Cancelling and changing orders through the API (issue 12 items 1–3, DESIGN §14). */

beforeEach(resetStock);

const cancel = (po: string, body: unknown, token: string = TOKENS.ops) =>
  api(`/v1/orders/${po}/cancel`, { method: "POST", token, json: body });
const change = (po: string, body: unknown, token: string = TOKENS.ops) =>
  api(`/v1/orders/${po}/changes`, { method: "POST", token, json: body });

const reserved = (rows: StockRow[]) => rows.reduce((n, r) => n + r.reserved, 0);
const onHand = (rows: StockRow[]) => rows.reduce((n, r) => n + r.on_hand, 0);

const dispatch = (po: string) =>
  sendWebhook("erp", {
    type: "shipment.dispatched",
    po_number: po,
    occurred_at: "2024-10-03T09:00:00Z",
    data: { carrier: "UPS", tracking: `1Z${po.replace(/\W/g, "")}`, shipped_at: "2024-10-03T09:00:00Z" },
  });

describe("POST /v1/orders/:po/cancel", () => {
  it("cancels the whole order: cancelled, stock released, the customer told, shown in the customer's view", async () => {
    const placed = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 60 }], "2024-10-02");
    expect(reserved(await stockOf("SKU-4892"))).toBe(60);
    const res = await cancel(placed.po_number, { reason: "project postponed" }, TOKENS.acme);
    expect(res.status).toBe(200);
    const answered = (await res.json()) as OrderView;
    expect(answered.status).toBe("cancelled");
    expect(answered).not.toHaveProperty("escalations");

    const after = await waitForSettled(placed.po_number);
    expect(after.shipments.every((s) => s.status === "cancelled")).toBe(true);
    expect(after.notifications.map((n) => n.text).join(" ")).toMatch(/has been cancelled \(60 x SKU-4892\)/);
    expect(
      await eventually(
        () => reservationsOf(after),
        (r) => r.length === 0,
      ),
    ).toEqual([]);
    expect(reserved(await stockOf("SKU-4892"))).toBe(0);

    const shown = await eventsOf(placed.po_number, TOKENS.acme);
    const cancelled = shown.find((e) => e.type === "order.cancelled");
    expect(cancelled?.data).toMatchObject({
      whole: true,
      lines: [{ sku: "SKU-4892", qty_cancelled: 60, qty_remaining: 0 }],
    });
    expect(cancelled?.data).not.toHaveProperty("reason");
    expect(cancelled?.data).not.toHaveProperty("escalations_closed");
    const customerView = (await (
      await api(`/v1/orders/${placed.po_number}`, { token: TOKENS.acme })
    ).json()) as OrderView;
    expect(customerView.status).toBe("cancelled");
    expect(customerView.amendments).toHaveLength(1);
  });

  it("streams the cancellation to the customer's WebSocket without operations' reason", async () => {
    const placed = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 60 }], "2024-10-02");
    const res = await api(`/v1/orders/${placed.po_number}/ws?token=${TOKENS.acme}`, {
      headers: { upgrade: "websocket" },
    });
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    const streamed = new Promise<{ type: string; data: object }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no order.cancelled streamed")), 15_000);
      ws.addEventListener("message", (m) => {
        const frame = JSON.parse(m.data as string) as { type: string; event?: { type: string; data: object } };
        if (frame.type === "event" && frame.event?.type === "order.cancelled") {
          clearTimeout(timer);
          resolve(frame.event);
        }
      });
    });
    ws.accept();
    expect((await cancel(placed.po_number, { reason: "internal: credit hold" })).status).toBe(200);
    const event = await streamed;
    ws.close(1000, "done");
    expect(event.data).toMatchObject({ whole: true });
    expect(JSON.stringify(event)).not.toContain("credit hold");
  });

  it("has one effect when sent twice: the second answers the same view and releases nothing more", async () => {
    const placed = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 60 }], "2024-10-02");
    const first = await cancel(placed.po_number, { reason: "duplicate order" });
    expect(first.status).toBe(200);
    await waitForSettled(placed.po_number);
    await eventually(
      () => reservationsOf(placed),
      (r) => r.length === 0,
    );
    const second = await cancel(placed.po_number, { reason: "duplicate order" });
    expect(second.status).toBe(200);
    const again = (await second.json()) as OrderView;
    expect(again.status).toBe("cancelled");
    const events = await eventsOf(placed.po_number);
    expect(events.filter((e) => e.type === "order.cancelled")).toHaveLength(1);
    expect(await stockOf("SKU-4892")).toEqual([
      { warehouse: "Chicago, IL", on_hand: 120, reserved: 0 },
      { warehouse: "Detroit, MI", on_hand: 40, reserved: 0 },
    ]);
    // A partial cancellation of a cancelled order is refused, not a second effect.
    await expectProblem(
      await cancel(placed.po_number, { reason: "r", lines: [{ sku: "SKU-4892", qty: 1 }] }),
      409,
      "amendment-refused",
    );
  });

  it("closes the order's open escalations: decided in the view, no longer listed at GET /v1/escalations", async () => {
    const placed = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 150 }], "2024-10-02");
    expect(placed.status).toBe("awaiting-approval");
    const id = `ESC-${placed.customer_id}-${placed.po_number}-SPLIT`;
    expect((await cancel(placed.po_number, { reason: "customer withdrew" })).status).toBe(200);
    const after = await waitForSettled(placed.po_number);
    expect(after.status).toBe("cancelled");
    expect(after.escalations).toMatchObject([{ escalation_id: id, status: "decided" }]);
    const open = async () =>
      ((await (await api("/v1/escalations", { token: TOKENS.ops })).json()) as { escalations: { id: string }[] })
        .escalations;
    expect((await eventually(open, (l) => !l.some((e) => e.id === id))).map((e) => e.id)).not.toContain(id);
    const row = await env.DB.prepare("SELECT status FROM escalations WHERE escalation_id = ?").bind(id).first();
    expect(row).toEqual({ status: "decided" });
    expect(
      await eventually(
        () => stockOf("SKU-4892"),
        (s) => reserved(s) === 0,
      ),
    ).toEqual([
      { warehouse: "Chicago, IL", on_hand: 120, reserved: 0 },
      { warehouse: "Detroit, MI", on_hand: 40, reserved: 0 },
    ]);
    // A person deciding it afterwards finds it decided.
    const late = await api(`/v1/escalations/${id}/decision`, {
      method: "POST",
      token: TOKENS.ops,
      json: { decision: "approve" },
    });
    expect(late.status).toBe(409);
    // No "decision" notice for an escalation the cancellation closed.
    expect(after.notifications.map((n) => n.milestone)).not.toContain(`decision:${id}`);
  });

  it("cancels some of a line: the rest stays, planned and reserved again", async () => {
    const placed = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 60 }], "2024-10-02");
    const res = await cancel(placed.po_number, { reason: "fewer needed", lines: [{ sku: "SKU-4892", qty: 20 }] });
    expect(res.status).toBe(200);
    const after = await waitForSettled(placed.po_number);
    expect(after.status).toBe("confirmed");
    expect(after.lines).toMatchObject([{ sku: "SKU-4892", qty: 40 }]);
    expect(after.shipments.flatMap((s) => s.lines)).toEqual([{ sku: "SKU-4892", qty: 40 }]);
    expect(
      await eventually(
        () => reservationsOf(after),
        (r) => r[0]?.qty === 40,
      ),
    ).toMatchObject([{ qty: 40 }]);
    expect(reserved(await stockOf("SKU-4892"))).toBe(40);
    expect(after.notifications.map((n) => n.text).join(" ")).toMatch(/20 x SKU-4892 cancelled \(40 remain\)/);
  });

  it("prices what a partial cancellation leaves by the contract: below the 50-unit tier it is the 595 tier again", async () => {
    const placed = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 60 }], "2024-10-02");
    expect(placed.lines[0]).toMatchObject({ unit_price: 480 });
    expect((await cancel(placed.po_number, { reason: "fewer", lines: [{ sku: "SKU-4892", qty: 20 }] })).status).toBe(
      200,
    );
    const after = await waitForSettled(placed.po_number);
    expect(after.lines).toMatchObject([{ sku: "SKU-4892", qty: 40, unit_price: 595, contract_price: 595 }]);
    expect(after.total).toBe(40 * 595);
    expect(after.notifications.map((n) => n.text).join(" ")).toMatch(/New total \$23800\.00/);
  });

  it("applies a partial cancellation sent twice with one Idempotency-Key once; the retry answers the first answer", async () => {
    const placed = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 60 }], "2024-10-02");
    const key = `cancel-${placed.po_number}`;
    const body = { reason: "fewer needed", lines: [{ sku: "SKU-4892", qty: 20 }] };
    const send = (json: unknown, path = "cancel") =>
      api(`/v1/orders/${placed.po_number}/${path}`, {
        method: "POST",
        token: TOKENS.acme,
        json,
        headers: { "idempotency-key": key },
      });
    const first = await send(body);
    expect(first.status).toBe(200);
    const again = await send(body);
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const after = await waitForSettled(placed.po_number);
    expect(after.lines).toMatchObject([{ sku: "SKU-4892", qty: 40 }]);
    expect((await eventsOf(placed.po_number)).filter((e) => e.type === "order.cancelled")).toHaveLength(1);
    // The key names that cancellation: another body, or a change under it, is refused.
    await expectProblem(await send({ ...body, reason: "other" }), 422, "idempotency-key-reused");
    await expectProblem(
      await send({ lines: [{ sku: "SKU-4892", qty: 30 }] }, "changes"),
      422,
      "idempotency-key-reused",
    );
  });

  it("answers 409 saying what has shipped once the goods are dispatched", async () => {
    const placed = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 60 }], "2024-10-02");
    expect((await dispatch(placed.po_number)).status).toBe(202);
    await waitForSettled(placed.po_number);
    const problem = await expectProblem(
      await cancel(placed.po_number, { reason: "too late" }),
      409,
      "amendment-refused",
    );
    expect(problem.shipped).toEqual([{ sku: "SKU-4892", qty_shipped: 60 }]);
    expect(problem.detail).toMatch(/60 x SKU-4892/);
    expect((await waitForSettled(placed.po_number)).status).toBe("shipped");
  });

  it("a PO cancelled while it waits for admission is never started: its place in line is given up", async () => {
    const admission = env.ADMISSION.getByName(ADMISSION_SINGLETON);
    const fillers = Array.from({ length: MAX_IN_FLIGHT }, (_, i) => `CUST-002:PO-9100-${String(100000 + i)}`);
    try {
      for (const key of fillers) await admission.admit({ order_key: key, value: 1 });
      const po = await placeOrder("CUST-001", [{ sku: "SKU-4892", qty: 10 }], "2024-10-02");
      expect((await cancel(po, { reason: "not needed after all" }, TOKENS.acme)).status).toBe(200);
      const cancelled = await waitForSettled(po, TOKENS.ops);
      expect(cancelled).toMatchObject({ status: "cancelled", pending_handoffs: 0 });
      // A place frees up: the cancelled PO is passed over and gives it back.
      expect(await admission.release(fillers[0]!)).toEqual([]);
      expect(await admission.snapshot()).toMatchObject({ in_flight: MAX_IN_FLIGHT - 1, waiting: 0 });
      const after = await waitForSettled(po, TOKENS.ops);
      // Only comms ran, to tell the customer of the cancellation.
      expect(after).toMatchObject({ status: "cancelled", agents_invoked: ["comms"] });
      expect((await eventsOf(po)).map((e) => e.type)).not.toContain("admission.released");
    } finally {
      for (const key of fillers) await admission.release(key);
    }
  });

  it("is 404 for another customer's order and 422 naming the line for a part not on the order", async () => {
    const placed = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 60 }], "2024-10-02");
    await expectProblem(await cancel(placed.po_number, { reason: "mine now" }, TOKENS.beta), 404, "not-found");
    const bad = await expectProblem(
      await cancel(placed.po_number, { reason: "r", lines: [{ sku: "SKU-7210", qty: 1 }] }),
      422,
      "invalid-amendment",
    );
    expect(errorFields(bad)).toEqual(["lines[0].sku"]);
    const noReason = await expectProblem(await cancel(placed.po_number, {}), 422, "invalid-amendment");
    expect(errorFields(noReason)).toEqual(["reason"]);
    expect((await waitForSettled(placed.po_number)).status).toBe("confirmed");
  });

  it("answers 409 listing the customers when operations name a PO number several use", async () => {
    const po = freshPo();
    for (const customer_id of ["CUST-001", "CUST-002"]) {
      const sku = customer_id === "CUST-001" ? "SKU-4892" : "SKU-7210";
      const res = await api("/v1/orders", {
        method: "POST",
        token: CUSTOMER_TOKENS[customer_id]!,
        json: { po_number: po, customer_id, line_items: [{ sku, qty: 5 }], order_date: "2024-10-02" },
      });
      expect(res.status).toBe(202);
      // Settled here, so its reservation is not made after the next test resets the stock.
      await waitForSettled(po, CUSTOMER_TOKENS[customer_id]);
    }
    const problem = await expectProblem(await cancel(po, { reason: "which one?" }), 409, "ambiguous-po-number");
    expect(problem.customer_ids).toEqual(["CUST-001", "CUST-002"]);
    const named = await api(`/v1/orders/${po}/cancel?customer_id=CUST-002`, {
      method: "POST",
      token: TOKENS.ops,
      json: { reason: "this one" },
    });
    expect(named.status).toBe(200);
    expect(((await named.json()) as OrderView).customer_id).toBe("CUST-002");
  });
});

describe("POST /v1/orders/:po/changes", () => {
  it("re-prices a quantity that crosses a tier and re-reserves the new quantity", async () => {
    const placed = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 40 }], "2024-10-02");
    expect(placed.lines[0]).toMatchObject({ unit_price: 595 });
    const res = await change(placed.po_number, { lines: [{ sku: "SKU-4892", qty: 60 }] }, TOKENS.acme);
    expect(res.status).toBe(200);
    const after = await waitForSettled(placed.po_number);
    expect(after.lines).toMatchObject([{ sku: "SKU-4892", qty: 60, unit_price: 480, contract_price: 480 }]);
    expect(after.total).toBe(28_800);
    expect(after.status).toBe("confirmed");
    expect(
      await eventually(
        () => reservationsOf(after),
        (r) => r[0]?.qty === 60,
      ),
    ).toMatchObject([{ qty: 60 }]);
    expect(reserved(await stockOf("SKU-4892"))).toBe(60);
    const changed = (await eventsOf(placed.po_number)).find((e) => e.type === "order.changed");
    expect(changed?.data).toMatchObject({
      changes: [{ sku: "SKU-4892", qty_before: 40, qty_after: 60, unit_price_before: 595, unit_price_after: 480 }],
      total_before: 23_800,
      total_after: 28_800,
      source: { channel: "api" },
    });
    expect(after.notifications.map((n) => n.text).join(" ")).toMatch(/New total \$28800\.00 \(was \$23800\.00\)/);
  });

  it("adds a line and removes a line", async () => {
    const placed = await placeSettled(
      "CUST-001",
      [
        { sku: "SKU-4892", qty: 60 },
        { sku: "SKU-3300", qty: 2 },
      ],
      "2024-10-02",
    );
    const removed = await change(placed.po_number, { lines: [{ sku: "SKU-3300", qty: 0 }] });
    expect(removed.status).toBe(200);
    let after = await waitForSettled(placed.po_number);
    expect(after.lines.map((l) => l.sku)).toEqual(["SKU-4892"]);
    expect(after.total).toBe(28_800);
    expect(
      await eventually(
        () => reservationsOf(after),
        (r) => r.length === 1,
      ),
    ).toMatchObject([{ sku: "SKU-4892" }]);

    const added = await change(placed.po_number, { lines: [{ sku: "SKU-3300", qty: 3 }], note: "internal: VIP" });
    expect(added.status).toBe(200);
    after = await waitForSettled(placed.po_number);
    expect(after.lines).toMatchObject([
      { sku: "SKU-4892", qty: 60 },
      { sku: "SKU-3300", qty: 3, unit_price: 3200 },
    ]);
    expect(after.total).toBe(28_800 + 9_600);
    const rows = await eventually(
      () => reservationsOf(after),
      (r) => r.length === 2,
    );
    expect(rows.map((r) => [r.sku, r.qty])).toEqual([
      ["SKU-3300", 3],
      ["SKU-4892", 60],
    ]);
    const shown = await eventsOf(placed.po_number, TOKENS.acme);
    const notes = shown.filter((e) => e.type === "order.changed").map((e) => e.data);
    expect(notes).toHaveLength(2);
    for (const n of notes) expect(n).not.toHaveProperty("note");
  });

  it("changes the requested date alone without planning again", async () => {
    const placed = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 60 }], "2024-10-02");
    const res = await change(placed.po_number, { requested_delivery_date: "2024-11-15" });
    expect(res.status).toBe(200);
    const after = await waitForSettled(placed.po_number);
    expect(after.requested_delivery_date).toBe("2024-11-15");
    expect(after.shipments).toEqual(placed.shipments);
    expect(after.notifications.map((n) => n.text).join(" ")).toMatch(/requested delivery date none -> 2024-11-15/);
    // The same change again changes nothing.
    expect((await change(placed.po_number, { requested_delivery_date: "2024-11-15" })).status).toBe(200);
    expect((await eventsOf(placed.po_number)).filter((e) => e.type === "order.changed")).toHaveLength(1);
  });

  it("sends a change that makes a split over $50,000 to approval again", async () => {
    const placed = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 60 }], "2024-10-02");
    expect(placed.status).toBe("confirmed");
    expect((await change(placed.po_number, { lines: [{ sku: "SKU-4892", qty: 150 }] })).status).toBe(200);
    const after = await waitForSettled(placed.po_number);
    expect(after.status).toBe("awaiting-approval");
    expect(after.total).toBe(72_000);
    expect(after.escalations.filter((e) => e.status === "open")).toHaveLength(1);
    expect(
      await eventually(
        () => stockOf("SKU-4892"),
        (s) => reserved(s) === 150,
      ),
    ).toEqual([
      { warehouse: "Chicago, IL", on_hand: 120, reserved: 120 },
      { warehouse: "Detroit, MI", on_hand: 40, reserved: 30 },
    ]);
  });

  it("a change while a split awaits approval proposes the split again: not taken for a person's rejection", async () => {
    const placed = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 150 }], "2024-10-02");
    expect(placed.status).toBe("awaiting-approval");
    expect((await change(placed.po_number, { lines: [{ sku: "SKU-4892", qty: 155 }] })).status).toBe(200);
    const after = await waitForSettled(placed.po_number);
    expect(after.status).toBe("awaiting-approval");
    const split = `ESC-${placed.customer_id}-${placed.po_number}-SPLIT`;
    expect(after.escalations.map((e) => [e.escalation_id, e.status])).toEqual([
      [split, "decided"],
      [`${split}-2`, "open"],
    ]);
    expect(after.shipments.filter((s) => s.status === "planned")).toHaveLength(2);
    expect(after.notifications.map((n) => n.text).join(" ")).not.toMatch(/rejected/);
  });

  it("a re-plan plans from fresh stock, giving back whatever an earlier plan still holds", async () => {
    const placed = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 60 }], "2024-10-02");
    // A hold left by an earlier plan whose release has not landed yet.
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO reservations (customer_id, po_number, sku, warehouse, qty, handoff_id, created_at) VALUES (?, ?, 'SKU-4892', 'Detroit, MI', 5, 'stale-plan', ?)",
      ).bind(placed.customer_id, placed.po_number, new Date().toISOString()),
      env.DB.prepare(
        "UPDATE inventory SET reserved = reserved + 5 WHERE sku = 'SKU-4892' AND warehouse = 'Detroit, MI'",
      ),
    ]);
    expect((await change(placed.po_number, { lines: [{ sku: "SKU-4892", qty: 70 }] })).status).toBe(200);
    const after = await waitForSettled(placed.po_number);
    expect(after.status).toBe("confirmed");
    expect(after.shipments.filter((s) => s.status === "planned").flatMap((s) => s.lines)).toEqual([
      { sku: "SKU-4892", qty: 70 },
    ]);
    const rows = await eventually(
      () => reservationsOf(after),
      (r) => r.reduce((n, x) => n + x.qty, 0) === 70,
    );
    expect(rows.reduce((n, r) => n + r.qty, 0)).toBe(70);
    expect(reserved(await stockOf("SKU-4892"))).toBe(70);
  });

  it("refuses a partial amendment while the order is on a quality hold (409), a whole cancellation still goes", async () => {
    const placed = await placeSettled("CUST-001", [{ sku: "SKU-9010", qty: 20 }], "2024-10-10");
    const held = await sendWebhook("erp", {
      type: "quality.hold",
      po_number: placed.po_number,
      occurred_at: "2024-10-11T10:00:00Z",
      data: { sku: "SKU-9010", lot: "2024-10-08-A", reason: "vibration test failure" },
    });
    expect(held.status).toBe(202);
    expect((await waitForSettled(placed.po_number)).status).toBe("quality-hold");
    const changed = await expectProblem(
      await change(placed.po_number, { lines: [{ sku: "SKU-9010", qty: 25 }] }),
      409,
      "amendment-refused",
    );
    expect(changed.detail).toMatch(/quality-hold/);
    await expectProblem(
      await cancel(placed.po_number, { reason: "fewer", lines: [{ sku: "SKU-9010", qty: 5 }] }),
      409,
      "amendment-refused",
    );
    expect((await waitForSettled(placed.po_number)).status).toBe("quality-hold");
    expect((await cancel(placed.po_number, { reason: "no longer needed" })).status).toBe(200);
    expect((await waitForSettled(placed.po_number)).status).toBe("cancelled");
  });

  it("races a dispatch: exactly one wins and stock stays right", async () => {
    const placed = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 60 }], "2024-10-02");
    const [changed, dispatched] = await Promise.all([
      change(placed.po_number, { lines: [{ sku: "SKU-4892", qty: 70 }] }),
      dispatch(placed.po_number),
    ]);
    expect([changed.status, dispatched.status].sort()).toEqual(changed.status === 200 ? [200, 409] : [202, 409]);
    const after = await waitForSettled(placed.po_number);
    if (changed.status === 200) {
      expect(after.status).toBe("confirmed");
      expect(after.lines[0]).toMatchObject({ qty: 70, qty_shipped: 0 });
      const stock = await eventually(
        () => stockOf("SKU-4892"),
        (s) => reserved(s) === 70,
      );
      expect(onHand(stock)).toBe(160);
      expect(reserved(stock)).toBe(70);
    } else {
      expect(after.status).toBe("shipped");
      expect(after.lines[0]).toMatchObject({ qty: 60, qty_shipped: 60 });
      const stock = await eventually(
        () => stockOf("SKU-4892"),
        (s) => onHand(s) === 100,
      );
      expect(onHand(stock)).toBe(100);
      expect(reserved(stock)).toBe(0);
    }
  });

  it("answers 422 naming the field for an unknown part or a change that leaves no lines", async () => {
    const placed = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 60 }], "2024-10-02");
    const unknown = await expectProblem(
      await change(placed.po_number, { lines: [{ sku: "SKU-0001", qty: 1 }] }),
      422,
      "invalid-amendment",
    );
    expect(errorFields(unknown)).toEqual(["lines[0].sku"]);
    const empty = await expectProblem(
      await change(placed.po_number, { lines: [{ sku: "SKU-4892", qty: 0 }] }),
      422,
      "invalid-amendment",
    );
    expect(errorFields(empty)).toEqual(["lines"]);
    const badDate = await expectProblem(
      await change(placed.po_number, { requested_delivery_date: "next week" }),
      422,
      "invalid-amendment",
    );
    expect(errorFields(badDate)).toEqual(["requested_delivery_date"]);
    await expectProblem(
      await change(placed.po_number, { lines: [{ sku: "SKU-4892", qty: 1 }] }, TOKENS.beta),
      404,
      "not-found",
    );
  });
});
