import { and, eq } from "drizzle-orm";
import { deleteOlderThan } from "./d1-limits";
import { database } from "./client";
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

export async function rememberWebhook(
  db: D1Database,
  source: WebhookSource,
  webhookId: string,
  bodyHash: string,
): Promise<void> {
  await database(db)
    .insert(schema.webhookIds)
    .values({ source, webhookId, bodyHash, receivedAt: new Date().toISOString() })
    .onConflictDoNothing();
}

/** The order and shipment a tracking number belongs to. */
export async function findTracking(db: D1Database, tracking: string) {
  return database(db).select().from(schema.shipmentIndex).where(eq(schema.shipmentIndex.tracking, tracking)).get();
}

/** Forgets webhook ids first seen before `cutoff` (an ISO instant), within `maxStatements` statements. */
export function purgeWebhookIdsBefore(db: D1Database, cutoff: string, maxStatements: number): Promise<number> {
  return deleteOlderThan(db, { table: "webhook_ids", column: "received_at" }, cutoff, maxStatements);
}
