import type { CostLedgerEntry } from "../models/gateway";
import { database } from "./client";
import * as schema from "./schema";

/** One D1 row per model call, cost from the three token buckets (DESIGN §7). */
export async function recordCost(db: D1Database, entry: CostLedgerEntry, traceId: string | null): Promise<void> {
  await database(db)
    .insert(schema.costLedger)
    .values({
      interactionId: entry.interaction_id,
      poNumber: entry.po_number,
      task: entry.task,
      model: entry.model,
      tier: entry.tier,
      inputTokens: entry.input_tokens,
      outputTokens: entry.output_tokens,
      cacheWriteTokens: entry.cache_write_tokens,
      cacheReadTokens: entry.cache_read_tokens,
      latencyMs: Math.round(entry.latency_ms),
      costUsd: entry.cost_usd,
      costBasis: entry.cost_basis,
      routingReason: entry.routing_reason,
      traceId,
      createdAt: entry.created_at,
    });
}
