import type { ExceptionCircumstances, ProceduralRule } from "./memory.schema";

/** A hub's city, so "Memphis", "Memphis, TN" and "memphis hub" name the same place. */
export function hubCity(hub: string | null | undefined): string | null {
  if (!hub) return null;
  const city = hub
    .split(",")[0]!
    .replace(/\bhub\b/i, "")
    .trim()
    .toLowerCase();
  return city || null;
}

/**
 * The enabled rules whose scope holds these circumstances: same exception type, and carrier, hub
 * and month each either unscoped in the rule or equal to the exception's.
 */
export function matchRules(rules: readonly ProceduralRule[], c: ExceptionCircumstances): ProceduralRule[] {
  return rules.filter(
    (r) =>
      r.enabled &&
      r.exception_type === c.exception_type &&
      (r.carrier === null || r.carrier.toLowerCase() === c.carrier?.toLowerCase()) &&
      (r.hub === null || hubCity(r.hub) === hubCity(c.hub)) &&
      (r.months === null || (c.month !== null && r.months.includes(c.month))),
  );
}

/** The tightest notification deadline the matching rules set, if any (OR-001: 2 hours). */
export function notifyWithinHours(rules: readonly ProceduralRule[]): number | undefined {
  const hours = rules.map((r) => r.action.notify_within_hours).filter((h): h is number => typeof h === "number");
  return hours.length ? Math.min(...hours) : undefined;
}
