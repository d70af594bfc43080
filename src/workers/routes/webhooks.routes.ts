import { Hono } from "hono";
import type { z } from "zod";
import { recordAudit } from "../../shared/db/audit-repository";
import { setStockLevel } from "../../shared/db/stock-level-repository";
import { findTracking, rememberWebhook, seenWebhook, type WebhookSource } from "../../shared/db/webhook-repository";
import { deliverShortfall } from "../stock/shortfalls";
import { sha256Hex } from "../../shared/hashing";
import { CarrierEvent, ErpEvent } from "../../shared/schemas/webhook.schema";
import type { ExternalInput } from "../../shared/schemas/order-commands.schema";
import { quarantineFreeText } from "../../shared/guardrails";
import { secretsOf, type VerifiedDelivery, verifyWebhook, WebhookRejected } from "../../shared/webhooks/verify-webhook";
import type { AppContext, AppEnv } from "../context";
import { AppError, notFound } from "../errors";
import { PROBLEMS } from "../problems";
import { decodeUtf8, parseJsonText, readBodyBytes } from "../http/json-body";
import { validate } from "../http/validate";
import { orderKeyForPo } from "../http/visible-order";
import { orderKey } from "../../shared/order-key";

/** Reads, verifies and parses one delivery; the signature is checked before the body is trusted at all. */
async function readDelivery<T>(c: AppContext, source: WebhookSource, schema: z.ZodType<T>) {
  const bytes = await readBodyBytes(c.req.raw);
  const body = decodeUtf8(bytes);
  const secrets = secretsOf(source === "erp" ? c.env.ERP_WEBHOOK_SECRET : c.env.CARRIER_WEBHOOK_SECRET);
  if (secrets.length === 0)
    throw new AppError(PROBLEMS.webhookNotConfigured, `no ${source} webhook secret is configured`);
  let delivery: VerifiedDelivery;
  try {
    delivery = verifyWebhook(secrets, body, c.req.raw.headers);
  } catch (err) {
    if (err instanceof WebhookRejected) throw new AppError(PROBLEMS.invalidSignature, err.message);
    throw err;
  }
  // A verified sender is identified: from here on the request's spans are kept (see traceRequests).
  c.get("span").set({ "webhook.source": source });
  const json = parseJsonText(body);
  const event = validate(schema, json, PROBLEMS.invalidWebhookEvent, `the ${source} event`);
  const checked = await quarantineEventText(c, source, delivery.webhookId, event);
  const bodyHash = await sha256Hex(bytes);
  const seen = await seenWebhook(c.env.DB, source, delivery.webhookId);
  if (seen && seen !== bodyHash)
    throw new AppError(
      PROBLEMS.webhookIdReused,
      `webhook-id ${delivery.webhookId} was already used with a different body`,
    );
  c.get("span").set({ "webhook.source": source, "webhook.id": delivery.webhookId });
  return { event: checked, webhookId: delivery.webhookId, bodyHash, duplicate: seen !== null, json };
}

/** Free-text members of webhook events: the sender is trusted to sign, not to write safe text. */
const FREE_TEXT = ["reason", "detail", "kind", "location"] as const;

/**
 * Quarantines hostile free text in a signed event the way intake does for a PO: the field is
 * replaced by `[QUARANTINED]`, the original kept only in the audit log, and the event goes on.
 */
async function quarantineEventText<T>(c: AppContext, source: WebhookSource, webhookId: string, event: T): Promise<T> {
  const holder = (event as { data?: Record<string, unknown> }).data ?? (event as Record<string, unknown>);
  const fields = FREE_TEXT.flatMap((k) =>
    typeof holder[k] === "string" ? [{ path: k, value: holder[k] as string, maxLength: 2_000 }] : [],
  );
  const { clean, quarantined } = quarantineFreeText(fields);
  if (!quarantined.length) return event;
  await recordAudit(c.env.DB, {
    kind: "webhook.quarantined",
    traceId: c.get("span").context.traceId,
    detail: {
      source,
      webhook_id: webhookId,
      fields: quarantined.map((q) => ({ field: q.field, attacks: q.attacks, original: q.original })),
    },
  });
  const cleaned = { ...holder, ...Object.fromEntries(quarantined.map((q) => [q.field, clean.get(q.field)])) };
  return ("data" in (event as object) ? { ...event, data: cleaned } : cleaned) as T;
}

/** Keeps an event that names no known order or shipment, so nothing signed is lost, and answers 404. */
async function unmatched(
  c: AppContext,
  source: WebhookSource,
  webhookId: string,
  json: unknown,
  what: string,
): Promise<never> {
  await recordAudit(c.env.DB, {
    kind: "webhook.unmatched",
    traceId: c.get("span").context.traceId,
    detail: { source, webhook_id: webhookId, event: json as Record<string, never> },
  });
  throw notFound(`${what}; the event is stored for operations`);
}

async function applyToOrder(
  c: AppContext,
  source: WebhookSource,
  key: string,
  webhookId: string,
  bodyHash: string,
  input: ExternalInput,
) {
  const result = await c.env.ORDER.getByName(key).applyExternal(input);
  const poNumber = result.view.po_number;
  await rememberWebhook(c.env.DB, source, webhookId, bodyHash);
  if (result.outcome === "duplicate")
    return c.json({ status: "duplicate", webhook_id: webhookId, po_number: poNumber }, 200);
  if (result.outcome === "stale")
    return c.json(
      { status: "stale", webhook_id: webhookId, po_number: poNumber, order_status: result.view.status },
      200,
    );
  if (result.refused) {
    throw new AppError(PROBLEMS.eventRefused, `the event was recorded and refused: ${result.refused}`, {
      po_number: poNumber,
      order_status: result.view.status,
    });
  }
  const opened = result.view.exceptions.filter((x) => x.status === "open").map((x) => x.exception_id);
  return c.json(
    {
      status: "applied",
      webhook_id: webhookId,
      po_number: poNumber,
      order_status: result.view.status,
      open_exceptions: opened,
    },
    202,
  );
}

/** Signed ERP and carrier webhooks (DESIGN §5.3). */
export const webhooksRoutes = new Hono<AppEnv>()
  .post("/erp", async (c) => {
    const { event, webhookId, bodyHash, duplicate, json } = await readDelivery(c, "erp", ErpEvent);
    if (duplicate) return c.json({ status: "duplicate", webhook_id: webhookId }, 200);
    if (event.type === "inventory.updated") {
      const { shortfalls, stale } = await setStockLevel(c.env.DB, {
        ...event.data,
        webhook_id: webhookId,
        occurred_at: event.occurred_at,
      });
      if (stale) {
        const detail = {
          webhook_id: webhookId,
          sku: event.data.sku,
          warehouse: event.data.warehouse,
          on_hand: event.data.on_hand,
          ...stale,
        };
        await recordAudit(c.env.DB, { kind: "inventory.stale", traceId: c.get("span").context.traceId, detail });
        await rememberWebhook(c.env.DB, "erp", webhookId, bodyHash);
        return c.json({ status: "stale", ...detail }, 200);
      }
      // Each order holding stock that vanished is told now; the cron retries any this misses.
      for (const s of shortfalls) await deliverShortfall(c.env, s, c.get("span").traceparent);
      await rememberWebhook(c.env.DB, "erp", webhookId, bodyHash);
      return c.json(
        {
          status: "applied",
          webhook_id: webhookId,
          sku: event.data.sku,
          warehouse: event.data.warehouse,
          on_hand: event.data.on_hand,
          shortfalls: shortfalls.map((s) => ({ customer_id: s.customer_id, po_number: s.po_number, qty: s.qty })),
        },
        202,
      );
    }
    // Several customers may use one PO number: the event's customer_id says whose, and without it an ambiguous number is a 409.
    const key = await orderKeyForPo(c.env.DB, event.po_number, event.customer_id);
    const view = key ? await c.env.ORDER.getByName(key).read() : null;
    if (!key || !view) return unmatched(c, "erp", webhookId, json, `no order ${event.po_number}`);
    return applyToOrder(c, "erp", key, webhookId, bodyHash, {
      source: "erp",
      webhook_id: webhookId,
      event,
      traceparent: c.get("span").traceparent,
    });
  })
  .post("/carrier", async (c) => {
    const { event, webhookId, bodyHash, duplicate, json } = await readDelivery(c, "carrier", CarrierEvent);
    if (duplicate) return c.json({ status: "duplicate", webhook_id: webhookId }, 200);
    const shipment = await findTracking(c.env.DB, event.tracking);
    if (!shipment) return unmatched(c, "carrier", webhookId, json, `no shipment tracked as ${event.tracking}`);
    return applyToOrder(c, "carrier", orderKey(shipment.customerId, shipment.poNumber), webhookId, bodyHash, {
      source: "carrier",
      webhook_id: webhookId,
      event,
      traceparent: c.get("span").traceparent,
    });
  });
