import { and, eq, gte } from "drizzle-orm";
import { addDays } from "../business-dates";
import { EPISODE_RETENTION_DAYS } from "../memory/precedents";
import { ProceduralRule, type Episode } from "../memory/memory.schema";
import { toStoredEpisode } from "./episode-repository";
import { database } from "./client";
import * as schema from "./schema";

/**
 * One customer's episodes of an exception type still within retention on a business date.
 * The customer filter is in the query itself: another customer's episode is never loaded.
 */
export async function loadCustomerEpisodes(
  db: D1Database,
  customerId: string,
  exceptionType: string,
  onDate: string,
): Promise<Episode[]> {
  const t = schema.episodes;
  const since = addDays(onDate.slice(0, 10), -EPISODE_RETENTION_DAYS);
  const rows = await database(db)
    .select()
    .from(t)
    .where(and(eq(t.customerId, customerId), eq(t.exceptionType, exceptionType), gte(t.occurredAt, since)))
    .all();
  return rows.map(toStoredEpisode);
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
      enabled: r.enabled,
    }),
  );
}

/** Every customer's episodes in one scope (type, carrier, hub, month): rules learn across customers. */
export async function loadScopeEpisodes(
  db: D1Database,
  scope: { exception_type: string; carrier: string; hub: string; month: number },
): Promise<Episode[]> {
  const t = schema.episodes;
  const rows = await database(db)
    .select()
    .from(t)
    .where(
      and(
        eq(t.exceptionType, scope.exception_type),
        eq(t.carrier, scope.carrier),
        eq(t.hub, scope.hub),
        eq(t.month, scope.month),
      ),
    )
    .all();
  return rows.map(toStoredEpisode);
}

/** Stores promoted rules; a rule id already taken (a concurrent promotion) is left as it is. */
export async function insertRules(db: D1Database, rules: readonly ProceduralRule[]): Promise<void> {
  if (!rules.length) return;
  const d = database(db);
  const now = new Date().toISOString();
  const inserts = rules.map((r) =>
    d
      .insert(schema.proceduralRules)
      .values({
        ruleId: r.rule_id,
        exceptionType: r.exception_type,
        carrier: r.carrier,
        hub: r.hub,
        months: r.months,
        rule: r.rule,
        action: r.action,
        confidence: r.confidence,
        createdFromEpisodes: r.created_from_episodes,
        createdAt: now,
      })
      .onConflictDoNothing(),
  );
  await d.batch([inserts[0]!, ...inserts.slice(1)]);
}

/** Disables or re-enables a procedural rule; answers false when there is no such rule. */
export async function setRuleEnabled(db: D1Database, ruleId: string, enabled: boolean): Promise<boolean> {
  const updated = await database(db)
    .update(schema.proceduralRules)
    .set({ enabled })
    .where(eq(schema.proceduralRules.ruleId, ruleId))
    .returning({ ruleId: schema.proceduralRules.ruleId })
    .all();
  return updated.length > 0;
}
