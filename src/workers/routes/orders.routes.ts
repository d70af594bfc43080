import { Hono } from "hono";
import { z } from "zod";
import { listOrders } from "../../shared/db/order-index-repository";
import { CancelRequest, ChangeRequest } from "../../shared/schemas/amendment.schema";
import { viewFor } from "../../shared/customer-view";
import { sha256Hex } from "../../shared/hashing";
import type { AppEnv } from "../context";
import { AppError } from "../errors";
import { PROBLEMS } from "../problems";
import { answerOnce } from "../http/idempotency";
import { readJsonObject } from "../http/json-body";
import { IntakeHeaders, OrderListQuery } from "../http/request-schemas";
import { readValidJson, validate } from "../http/validate";
import { visibleOrder } from "../http/visible-order";
import { cancelOrder, changeOrder } from "../intake/amend-order";
import { answerIntake, intakeResponse } from "../intake/answer-intake";
import { receiveOrder } from "../intake/receive-order";
import { authenticate } from "../middleware";

const Cursor = z.object({ createdAt: z.string(), customerId: z.string(), poNumber: z.string() });

function encodeCursor(c: z.infer<typeof Cursor>): string {
  return btoa(JSON.stringify(c)).replace(/=+$/, "");
}

function decodeCursor(raw: string): z.infer<typeof Cursor> {
  try {
    return Cursor.parse(JSON.parse(atob(raw)));
  } catch {
    throw new AppError(PROBLEMS.invalidCursor, "the cursor is not one this API issued");
  }
}

/** Orders: portal intake, listing, the view, the event log, amendments and the live stream (DESIGN §4, §14). */
export const ordersRoutes = new Hono<AppEnv>()
  .post("/", authenticate(["customer", "ops"]), async (c) => {
    const principal = c.get("principal");
    const { "Idempotency-Key": key } = validate(
      IntakeHeaders,
      { "Idempotency-Key": c.req.header("idempotency-key") },
      PROBLEMS.invalidIdempotencyKey,
      "the request headers",
    );
    const { value, bytes } = await readJsonObject(c.req.raw);
    const intake = async () =>
      answerIntake(
        await receiveOrder(c.env, { body: value, channel: "portal", principal, span: c.get("span") }),
        principal.kind,
      );
    if (key !== undefined)
      return answerOnce(c.env.DB, { principalId: principal.id, key, bodyHash: await sha256Hex(bytes) }, intake);
    return intakeResponse(await intake());
  })
  .get("/", authenticate(["customer", "ops"]), async (c) => {
    const q = validate(OrderListQuery, c.req.query(), PROBLEMS.invalidRequest, "the request");
    const principal = c.get("principal");
    if (principal.kind === "customer" && q.customer_id && q.customer_id !== principal.customerId) {
      return c.json({ orders: [], next_cursor: null });
    }
    const customerId = principal.kind === "customer" ? principal.customerId : q.customer_id;
    const page = await listOrders(c.env.DB, {
      status: q.status,
      customerId,
      limit: q.limit,
      cursor: q.cursor ? decodeCursor(q.cursor) : undefined,
    });
    return c.json({
      orders: page.rows.map((r) => ({
        po_number: r.poNumber,
        customer_id: r.customerId,
        status: r.status,
        channel: r.channel,
        total: r.total,
        order_date: r.orderDate,
        created_at: r.createdAt,
        updated_at: r.updatedAt,
        pending_handoffs: r.pendingHandoffs,
        trace_id: r.traceId,
      })),
      next_cursor: page.next ? encodeCursor(page.next) : null,
    });
  })
  .get("/:po", authenticate(["customer", "ops"]), async (c) =>
    c.json(viewFor(c.get("principal").kind, (await visibleOrder(c)).view)),
  )
  .get("/:po/events", authenticate(["customer", "ops"]), async (c) => {
    const { stub } = await visibleOrder(c);
    return c.json({ events: await stub.eventLogFor(c.get("principal").kind) });
  })
  .post("/:po/cancel", authenticate(["customer", "ops"]), async (c) => {
    const { view } = await visibleOrder(c);
    const { data } = await readValidJson(c.req.raw, CancelRequest, PROBLEMS.invalidAmendment, "the cancellation");
    const caller = { principal: c.get("principal"), span: c.get("span"), source: { channel: "api" as const } };
    const result = await cancelOrder(c.env, view, data, caller);
    return c.json(viewFor(caller.principal.kind, result.view));
  })
  .post("/:po/changes", authenticate(["customer", "ops"]), async (c) => {
    const { view } = await visibleOrder(c);
    const { data } = await readValidJson(c.req.raw, ChangeRequest, PROBLEMS.invalidAmendment, "the change");
    const caller = { principal: c.get("principal"), span: c.get("span"), source: { channel: "api" as const } };
    const result = await changeOrder(c.env, view, data, caller);
    return c.json(viewFor(caller.principal.kind, result.view));
  })
  .get("/:po/ws", authenticate(["customer", "ops"], { allowQueryToken: true }), async (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      throw new AppError(PROBLEMS.upgradeRequired, "this endpoint streams over WebSocket: send Upgrade: websocket");
    }
    const { stub } = await visibleOrder(c);
    const principal = c.get("principal");
    const headers = new Headers(c.req.raw.headers);
    headers.set(
      "x-order-principal",
      JSON.stringify({ principal_id: principal.id, customer_id: principal.customerId, kind: principal.kind }),
    );
    return stub.fetch(new Request(c.req.raw.url, { headers }));
  });
