import { Hono } from "hono";
import { z } from "zod";
import { listOrders } from "../../shared/db/order-index-repository";
import { viewFor } from "../../shared/customer-view";
import { sha256Hex } from "../../shared/hashing";
import { OrderStatus } from "../../shared/order-lifecycle";
import { CUSTOMER_ID } from "../../shared/schemas/purchase-order.schema";
import type { AppEnv } from "../context";
import { AppError, badRequest } from "../errors";
import { answerOnce } from "../http/idempotency";
import { readJsonObject } from "../http/json-body";
import { visibleOrder } from "../http/visible-order";
import { answerIntake } from "../intake/answer-intake";
import { receiveOrder } from "../intake/receive-order";
import { authenticate } from "../middleware";

const ListQuery = z.strictObject({
  status: OrderStatus.optional(),
  customer_id: z.string().regex(CUSTOMER_ID).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

const Cursor = z.object({ createdAt: z.string(), customerId: z.string(), poNumber: z.string() });

const IdempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");

function encodeCursor(c: z.infer<typeof Cursor>): string {
  return btoa(JSON.stringify(c)).replace(/=+$/, "");
}

function decodeCursor(raw: string): z.infer<typeof Cursor> {
  try {
    return Cursor.parse(JSON.parse(atob(raw)));
  } catch {
    throw badRequest("invalid-cursor", "the cursor is not one this API issued");
  }
}

/** Orders: portal intake, listing, the view, the event log and the live stream (DESIGN §4). */
export const ordersRoutes = new Hono<AppEnv>()
  .post("/", authenticate(["customer", "ops"]), async (c) => {
    const principal = c.get("principal");
    const keyHeader = c.req.header("idempotency-key");
    const key = keyHeader === undefined ? null : IdempotencyKey.safeParse(keyHeader);
    if (key && !key.success)
      throw badRequest("invalid-idempotency-key", `Idempotency-Key ${key.error.issues[0]?.message ?? "is invalid"}`);
    const { value, bytes } = await readJsonObject(c.req.raw);
    const intake = async () =>
      answerIntake(
        await receiveOrder(c.env, { body: value, channel: "portal", principal, span: c.get("span") }),
        principal.kind,
      );
    if (key?.success)
      return answerOnce(
        c.env.DB,
        { principalId: principal.id, key: key.data, bodyHash: await sha256Hex(bytes) },
        intake,
      );
    const answer = await intake();
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: answer.headers });
  })
  .get("/", authenticate(["customer", "ops"]), async (c) => {
    const parsed = ListQuery.safeParse(c.req.query());
    if (!parsed.success) throw parsed.error;
    const q = parsed.data;
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
  .get("/:po/ws", authenticate(["customer", "ops"], { allowQueryToken: true }), async (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      throw new AppError(426, "upgrade-required", "this endpoint streams over WebSocket: send Upgrade: websocket");
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
