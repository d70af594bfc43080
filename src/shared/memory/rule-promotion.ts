import type { Episode, ProceduralRule } from "./memory.schema";

/** Episodes sharing a lesson with positive satisfaction that make a rule (DESIGN §6). */
export const PROMOTION_THRESHOLD = 3;

/** The deadline a lesson names ("notify within 2 hours"), as a rule action. */
export function actionFromLesson(lesson: string): ProceduralRule["action"] {
  const m = /within\s+(\d+(?:\.\d+)?)\s*hours?/i.exec(lesson);
  return m ? { notify_within_hours: Number(m[1]) } : {};
}

/**
 * Rules to promote from a scope's episodes (same type, carrier, hub and month): each lesson
 * shared by at least three positively rated episodes becomes a rule whose confidence is the
 * positive share of the episodes with that lesson, citing them. A scope already covered by a
 * rule with the same action (OR-001 for Memphis in March) is left alone.
 */
export function promoteRules(
  episodes: readonly Episode[],
  existing: readonly ProceduralRule[],
  nextId: () => string,
): ProceduralRule[] {
  const byScope = new Map<string, Episode[]>();
  for (const e of episodes) {
    if (!e.lesson || !e.carrier || !e.hub || e.month === null) continue;
    const key = JSON.stringify([e.exception_type, e.carrier, e.hub, e.month, e.lesson]);
    byScope.set(key, [...(byScope.get(key) ?? []), e]);
  }
  const promoted: ProceduralRule[] = [];
  for (const [key, group] of byScope) {
    const [type, carrier, hub, month, lesson] = JSON.parse(key) as [string, string, string, number, string];
    const positive = group.filter((e) => e.customer_satisfaction === "positive");
    if (positive.length < PROMOTION_THRESHOLD) continue;
    const action = actionFromLesson(lesson);
    const covered = existing.some(
      (r) =>
        r.exception_type === type &&
        r.carrier === carrier &&
        r.hub === hub &&
        (r.months ?? []).includes(month) &&
        JSON.stringify(r.action) === JSON.stringify(action),
    );
    if (covered) continue;
    promoted.push({
      rule_id: nextId(),
      exception_type: type,
      carrier,
      hub,
      months: [month],
      rule: lesson,
      action,
      confidence: Math.round((positive.length / group.length) * 100) / 100,
      created_from_episodes: positive.map((e) => e.episode_id).sort(),
      enabled: true,
    });
  }
  return promoted;
}
