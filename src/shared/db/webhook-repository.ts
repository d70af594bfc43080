import { and, eq, sql } from "drizzle-orm";
import { database } from "./reference-repository";
import * as schema from "./schema";

export type WebhookSource = "erp" | "carrier";

/** The body hash a webhook id was first seen with, or null when never seen. */
export async function seenWebhook(db: D1Database, source: WebhookSource, webhookId: string): Promise<string | null> {
  const row = await database(db)
    .select({ bodyHash: schema.webhookIds.bodyHash })
    .from(schema.webhookIds)
    .where(and(eq(schema.webhookIds.source, source), eq(schema.webhookIds.webhookId, webhookId)))
    .get();
  return row?.bodyHash ?? null;
}

export async function rememberWebhook(db: D1Database, source: WebhookSource, webhookId: string, bodyHash: string): Promise<void> {
  await database(db).insert(schema.webhookIds).values({ source, webhookId, bodyHash, receivedAt: new Date().toISOString() }).onConflictDoNothing();
}

/** The order and shipment a tracking number belongs to. */
export async function findTracking(db: D1Database, tracking: string) {
  return database(db).select().from(schema.shipmentIndex).where(eq(schema.shipmentIndex.tracking, tracking)).get();
}

/**
 * Sets a warehouse's stock from the ERP. Refused (false) when it would fall below what orders
 * already hold: that is an inventory drop for operations, not a number to overwrite.
 */
export async function updateStock(db: D1Database, update: { sku: string; warehouse: string; on_hand: number; supplier_eta?: string | null | undefined }): Promise<{ updated: boolean; reserved: number }> {
  const d = database(db);
  const t = schema.inventory;
  const current = await d.select().from(t).where(and(eq(t.sku, update.sku), eq(t.warehouse, update.warehouse))).get();
  if (current && update.on_hand < current.reserved) return { updated: false, reserved: current.reserved };
  const eta = update.supplier_eta === undefined ? (current?.supplierEta ?? null) : update.supplier_eta;
  await d
    .insert(t)
    .values({ sku: update.sku, warehouse: update.warehouse, onHand: update.on_hand, reserved: 0, supplierEta: eta })
    .onConflictDoUpdate({ target: [t.sku, t.warehouse], set: { onHand: update.on_hand, supplierEta: eta }, setWhere: sql`${t.reserved} <= ${update.on_hand}` });
  return { updated: true, reserved: current?.reserved ?? 0 };
}
