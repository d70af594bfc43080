import { z } from "zod";
import type { SpanAttributes } from "../tracing";

/**
 * What a unit of work took from the platform (DESIGN §15, cost of running it), counted as it
 * runs: each binding call adds to the unit's `UsageMeter` (`metered-env.ts`), and the unit's
 * root span carries the totals as `usage.*` attributes, so the counting adds no write of its own.
 */
/** What the platform's bindings count; each is a `usage.*` attribute of the unit's root span. */
export const METERED_KEYS = [
  "worker_requests",
  "do_requests",
  "d1_rows_read",
  "d1_rows_written",
  "do_rows_read",
  "do_rows_written",
  "queue_operations",
  "vector_queries",
  "embedding_tokens",
] as const;
/** Model tokens: the cost ledger holds them already, one row per model call. */
export const MODEL_KEYS = [
  "model_input_tokens",
  "model_output_tokens",
  "model_cache_read_tokens",
  "model_cache_write_tokens",
] as const;
export const USAGE_KEYS = [...METERED_KEYS, ...MODEL_KEYS] as const;
export type MeteredKey = (typeof METERED_KEYS)[number];
export type UsageKey = (typeof USAGE_KEYS)[number];
export type Usage = Record<UsageKey, number>;

/** Whose cost a unit is: an order's pipeline, a read (an order view, a status question), or neither (admin, cron). */
export const UsageScope = z.enum(["order", "read", "other"]);
export type UsageScope = z.infer<typeof UsageScope>;

const ZERO = Object.freeze(Object.fromEntries(USAGE_KEYS.map((k) => [k, 0])) as Usage);
export const emptyUsage = (): Usage => ({ ...ZERO });

/** The span attribute a key is carried in. */
const ATTRIBUTES = Object.fromEntries(USAGE_KEYS.map((k) => [k, `usage.${k}`])) as Record<UsageKey, string>;
export const usageAttribute = (key: UsageKey): string => ATTRIBUTES[key];
export const USAGE_SCOPE_ATTRIBUTE = "usage.scope";

/** A unit's running totals. Cheap: a few additions per binding call, nothing stored until the span is. */
export class UsageMeter {
  private totals = emptyUsage();
  /** Durable Object SQL cursors: their row counts are final only once read, so they are summed at `take`. */
  private cursors: { rowsRead: number; rowsWritten: number }[] = [];

  // Called for every binding call: a plain loop over the given keys, with nothing allocated.
  add(usage: Partial<Usage>): void {
    const totals = this.totals;
    for (const k in usage) totals[k as UsageKey] += usage[k as UsageKey] ?? 0;
  }

  addCursor(cursor: { rowsRead: number; rowsWritten: number }): void {
    this.cursors.push(cursor);
  }

  /** The totals since the last take, leaving the meter at zero. */
  take(): Usage {
    const taken = this.totals;
    for (const c of this.cursors) {
      taken.do_rows_read += c.rowsRead;
      taken.do_rows_written += c.rowsWritten;
    }
    this.cursors = [];
    this.totals = emptyUsage();
    return taken;
  }
}

/** A unit's usage as span attributes: only the counts that are not zero, and the scope. */
export function usageAttributes(usage: Usage, scope: UsageScope): SpanAttributes {
  const attributes: SpanAttributes = { [USAGE_SCOPE_ATTRIBUTE]: scope };
  for (const k of METERED_KEYS) if (usage[k] !== 0) attributes[usageAttribute(k)] = usage[k];
  return attributes;
}

/**
 * What a unit spent after its span was stamped (storing that span, in `waitUntil`), kept per scope in
 * this isolate and stamped on the next unit of the same scope: counted, and a few units late.
 */
const carried: Record<UsageScope, UsageMeter> = {
  order: new UsageMeter(),
  read: new UsageMeter(),
  other: new UsageMeter(),
};

/** Moves what `meter` counted since its last take to its scope's carry. */
export function carryOver(meter: UsageMeter, scope: UsageScope): void {
  carried[scope].add(meter.take());
}

/** Moves what `meter` counted to the carries of several scopes, in proportion to each one's `shares` (its spans in one write). */
export function carryShared(meter: UsageMeter, shares: ReadonlyMap<UsageScope, number>): void {
  const usage = meter.take();
  const total = [...shares.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return;
  for (const [scope, n] of shares) {
    const part = emptyUsage();
    for (const k of USAGE_KEYS) part[k] = (usage[k] * n) / total;
    carried[scope].add(part);
  }
}

/** A unit's usage with what earlier units of its scope carried over. */
export function takeWithCarried(meter: UsageMeter, scope: UsageScope): Usage {
  const own = meter.take();
  const earlier = carried[scope].take();
  for (const k of USAGE_KEYS) own[k] += earlier[k];
  return own;
}

/**
 * Which scope a request is: order work changes an order through a channel (intake, amendments,
 * webhooks, a person's decision); reads look (GETs, status questions, the order stream).
 */
export function requestScope(method: string, path: string): UsageScope {
  if (method === "GET" || method === "HEAD" || path.endsWith("/status-query")) return "read";
  return /^\/v1\/(orders|webhooks|escalations)(\/|$)/.test(path) ? "order" : "other";
}
