import { Hono } from "hono";
import { z } from "zod";
import { cursorCodec } from "../http/cursor";
import { listOrders } from "../../shared/db/order-index-repository";
import { CancelRequest, ChangeRequest } from "../../shared/schemas/amendment.schema";
import { viewFor } from "../../shared/customer-view";
import { sha256Hex } from "../../shared/hashing";
import type { AppContext, AppEnv } from "../context";
import type { TransitionResult } from "../../shared/transition";
import { AppError } from "../errors";
import { PROBLEMS } from "../problems";
import { answerOnce } from "../http/idempotency";
import { readJsonObject } from "../http/json-body";
import { IntakeHeaders, OrderListQuery } from "../http/request-schemas";
import { readValidJson, validate } from "../http/validate";
import { visibleOrder, visibleOrderWithEvents } from "../http/visible-order";
import { type AmendmentCaller, cancelOrder, changeOrder, type OrderRef } from "../intake/amend-order";
import { answerIntake, intakeResponse } from "../intake/answer-intake";
import { receiveOrder } from "../intake/receive-order";
import { authenticate } from "../middleware";

const Cursor = z.object({ createdAt: z.string(), customerId: z.string(), poNumber: z.string() });

const cursor = cursorCodec(Cursor);

/**
 * An amendment by the API, run at most once per `Idempotency-Key` as intake is: a partial
 * cancellation or a change sent again would otherwise apply again. The key's body hash covers the
 * path, so one key cannot answer both a cancellation and a change.
 */
async function amend<T>(
  c: AppContext,
  schema: z.ZodType<T>,
  subject: string,
  act: (env: Env, ref: OrderRef, request: T, caller: AmendmentCaller) => Promise<TransitionResult>,
): Promise<Response> {
  const { "Idempotency-Key": key } = validate(
    IntakeHeaders,
    { "Idempotency-Key": c.req.header("idempotency-key") },
    PROBLEMS.invalidIdempotencyKey,
    "the request headers",
  );
  const { view } = await visibleOrder(c, "act");
  const { data, bytes } = await readValidJson(c.req.raw, schema, PROBLEMS.invalidAmendment, subject);
  const caller = { principal: c.get("principal"), span: c.get("span"), source: { channel: "api" as const } };
  const run = async () => {
    const result = await act(c.env, view, data, caller);
    return {
      status: 200,
      body: viewFor(caller.principal.kind, result.view),
      headers: { "content-type": "application/json" },
    };
  };
  if (key === undefined) return intakeResponse(await run());
  const bodyHash = await sha256Hex(`${c.req.path}\n${new TextDecoder().decode(bytes)}`);
  return answerOnce(c.env.DB, { principalId: caller.principal.id, key, bodyHash }, run);
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
      cursor: q.cursor ? cursor.decode(q.cursor) : undefined,
    });
    return c.json({
      orders: page.rows,
      next_cursor: page.next ? cursor.encode(page.next) : null,
    });
  })
  .get("/:po", authenticate(["customer", "ops"]), async (c) =>
    c.json(viewFor(c.get("principal").kind, (await visibleOrder(c, "read")).view)),
  )
  .get("/:po/events", authenticate(["customer", "ops"]), async (c) =>
    c.json({ events: (await visibleOrderWithEvents(c)).events }),
  )
  .post("/:po/cancel", authenticate(["customer", "ops"]), (c) =>
    amend(c, CancelRequest, "the cancellation", cancelOrder),
  )
  .post("/:po/changes", authenticate(["customer", "ops"]), (c) => amend(c, ChangeRequest, "the change", changeOrder))
  .get("/:po/ws", authenticate(["customer", "ops"], { allowQueryToken: true }), async (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      throw new AppError(PROBLEMS.upgradeRequired, "this endpoint streams over WebSocket: send Upgrade: websocket");
    }
    const { stub } = await visibleOrder(c, "read");
    const principal = c.get("principal");
    const headers = new Headers(c.req.raw.headers);
    headers.set(
      "x-order-principal",
      JSON.stringify({ principal_id: principal.id, customer_id: principal.customerId, kind: principal.kind }),
    );
    return stub.fetch(new Request(c.req.raw.url, { headers }));
  });
