import { and, eq, gte } from "drizzle-orm";
import { addDays } from "../business-dates";
import { EPISODE_RETENTION_DAYS } from "../memory/precedents";
import { Episode, ProceduralRule } from "../memory/memory.schema";
import { database } from "./reference-repository";
import * as schema from "./schema";

/**
 * One customer's episodes of an exception type still within retention on a business date.
 * The customer filter is in the query itself: another customer's episode is never loaded.
 */
export async function loadCustomerEpisodes(db: D1Database, customerId: string, exceptionType: string, onDate: string): Promise<Episode[]> {
  const t = schema.episodes;
  const since = addDays(onDate.slice(0, 10), -EPISODE_RETENTION_DAYS);
  const rows = await database(db)
    .select()
    .from(t)
    .where(and(eq(t.customerId, customerId), eq(t.exceptionType, exceptionType), gte(t.occurredAt, since)))
    .all();
  return rows.map((r) =>
    Episode.parse({
      episode_id: r.episodeId,
      customer_id: r.customerId,
      exception_type: r.exceptionType,
      carrier: r.carrier,
      hub: r.hub,
      month: r.month,
      description: r.description,
      resolution_type: r.resolutionType,
      discount_pct: r.discountPct,
      credit_amount: r.creditAmount,
      customer_satisfaction: r.customerSatisfaction,
      lesson: r.lesson,
      occurred_at: r.occurredAt,
    }),
  );
}

/** Every procedural rule; rules describe carriers, hubs and seasons and apply to all customers. */
export async function loadRules(db: D1Database): Promise<ProceduralRule[]> {
  const rows = await database(db).select().from(schema.proceduralRules).all();
  return rows.map((r) =>
    ProceduralRule.parse({
      rule_id: r.ruleId,
      exception_type: r.exceptionType,
      carrier: r.carrier,
      hub: r.hub,
      months: r.months,
      rule: r.rule,
      action: r.action,
      confidence: r.confidence,
      created_from_episodes: r.createdFromEpisodes,
    }),
  );
}
