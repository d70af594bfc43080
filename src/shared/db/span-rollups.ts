import { ROLLUP_LEVELS_MS, windowPieces } from "../metrics/rollup-window";
import type { WindowBounds } from "../metrics/window";
import { METERED_KEYS, USAGE_SCOPE_ATTRIBUTE, usageAttribute } from "../usage/usage";
import type { SpanAttributes } from "../tracing";
import { deleteOlderThan } from "./d1-limits";
import { jsonRowStatements } from "./json-rows";

/**
 * Span rollups: per aligned bucket of each level (`ROLLUP_LEVELS_MS`), the measured spans by
 * latency task and duration, and what the units of work counted by scope, so the metrics read a
 * few rows per bucket instead of every span of a window. They are written in the batch that
 * stores the spans, before the spans' insert, and count only spans not stored before: a retried
 * write (the same span ids) adds nothing twice. Durations stay exact, so percentiles do too.
 * Each reads a compact JSON of only the spans it counts (few of a write's), never the spans' rows.
 */

const LEVELS = JSON.stringify(ROLLUP_LEVELS_MS);
/** `json_extract(value, '$[i]') AS <field>` for each field of a positional JSON row. */
const positional = (fields: readonly string[]) =>
  fields.map((f, i) => `json_extract(value, '$[${i}]') AS ${f}`).join(", ");
const KEYS = METERED_KEYS.join(", ");
const totals = (of: string) => METERED_KEYS.map((k) => `TOTAL(${of}${k}) AS ${k}`).join(", ");
/** Each level of the rows' spans that are not stored yet: the statements run before the spans' insert, in its batch. */
const NEW_SPANS_AT_EACH_LEVEL = `CROSS JOIN json_each('${LEVELS}') l WHERE NOT EXISTS (SELECT 1 FROM spans WHERE spans.span_id = s.span_id)`;

const LATENCY_FIELDS = ["span_id", "start_ms", "task", "ms"] as const;
const LATENCY_ROLLUP = `INSERT INTO span_latency_rollups (level_ms, bucket_ms, task, ms, n)
  SELECT l.value, s.start_ms / l.value * l.value, s.task, s.ms, COUNT(*) FROM (SELECT ${positional(LATENCY_FIELDS)} FROM json_each(?1)) s
  ${NEW_SPANS_AT_EACH_LEVEL} GROUP BY 1, 2, 3, 4
  ON CONFLICT (level_ms, bucket_ms, task, ms) DO UPDATE SET n = n + excluded.n`;

const USAGE_FIELDS = ["span_id", "start_ms", "scope", ...METERED_KEYS] as const;
const USAGE_ROLLUP = `INSERT INTO span_usage_rollups (level_ms, bucket_ms, scope, units, ${KEYS})
  SELECT l.value, s.start_ms / l.value * l.value, s.scope, COUNT(*), ${totals("s.")}
  FROM (SELECT ${positional(USAGE_FIELDS)} FROM json_each(?1)) s
  ${NEW_SPANS_AT_EACH_LEVEL} GROUP BY 1, 2, 3
  ON CONFLICT (level_ms, bucket_ms, scope) DO UPDATE SET units = units + excluded.units,
  ${METERED_KEYS.map((k) => `${k} = ${k} + excluded.${k}`).join(", ")}`;

/** A span as `recordSpans` stores it: what the rollups need of it. */
export interface RolledSpan {
  span_id: string;
  start_ms: number;
  end_ms: number;
  metric_task: string | null;
  attributes: SpanAttributes;
}

/**
 * The rollup writes for spans about to be stored (distinct ids): a statement per JSON chunk of
 * the measured spans, and of the units' root spans; none when there are none. They go before the
 * spans' insert in its batch, so the spans they see as stored are those of earlier writes.
 */
export function rollupStatements(db: D1Database, spans: readonly RolledSpan[]): D1PreparedStatement[] {
  const measured = spans.flatMap((s) =>
    s.metric_task ? [[s.span_id, s.start_ms, s.metric_task, s.end_ms - s.start_ms]] : [],
  );
  const units = spans.flatMap((s) => {
    const scope = s.attributes[USAGE_SCOPE_ATTRIBUTE];
    if (typeof scope !== "string") return [];
    return [[s.span_id, s.start_ms, scope, ...METERED_KEYS.map((k) => Number(s.attributes[usageAttribute(k)] ?? 0))]];
  });
  return [...jsonRowStatements(db, LATENCY_ROLLUP, measured), ...jsonRowStatements(db, USAGE_ROLLUP, units)];
}

/**
 * A window read from the rollups: `?1` its whole buckets (JSON ranges of bucket starts per
 * level), `?2`..`?5` the milliseconds left at its two edges, read from the spans themselves.
 * A statement using it starts `WITH ${WINDOW_RANGES}`.
 */
export const WINDOW_RANGES = `r AS (SELECT json_extract(value, '$.level') AS level, json_extract(value, '$.from') AS lo,
  json_extract(value, '$.to') AS hi FROM json_each(?1))`;

/** The parameters `WINDOW_RANGES` reads, for the spans that started within the window's bounds. */
export function windowRangeParams(w: WindowBounds): [string, number, number, number, number] {
  const { rollups, edges } = windowPieces(w.fromMs, w.toMs);
  return [JSON.stringify(rollups), edges[0].from, edges[0].to, edges[1].from, edges[1].to];
}

/** `select` over the spans of both edges (`select` ends in `FROM spans`; `where` is its condition). */
const atEdges = (select: string, where: string) =>
  `${select} WHERE start_ms >= ?2 AND start_ms < ?3 AND ${where} UNION ALL ${select} WHERE start_ms >= ?4 AND start_ms < ?5 AND ${where}`;
const rolled = (table: string) =>
  `FROM r CROSS JOIN ${table} u ON u.level_ms = r.level AND u.bucket_ms >= r.lo AND u.bucket_ms < r.hi`;

/** The window's measured spans as `task, ms, n` rows: n spans of the task took ms (several rows may share both). */
export const WINDOW_DURATIONS = `SELECT u.task, u.ms, u.n ${rolled("span_latency_rollups")}
  UNION ALL ${atEdges("SELECT metric_task AS task, end_ms - start_ms AS ms, 1 AS n FROM spans", "metric_task IS NOT NULL")}`;

const SCOPE = `json_extract(attributes, '$."${USAGE_SCOPE_ATTRIBUTE}"')`;
const EDGE_USAGE = `SELECT ${SCOPE} AS scope, 1 AS units, ${METERED_KEYS.map(
  (k) => `json_extract(attributes, '$."${usageAttribute(k)}"') AS ${k}`,
).join(", ")} FROM spans`;

/** The window's units of work as `scope, units, <metered keys>` rows: its rollups and its edges' root spans (a CTE after `WINDOW_RANGES`). */
export const WINDOW_USAGE_PARTS = `parts AS (SELECT u.scope, u.units, ${METERED_KEYS.map((k) => `u.${k}`).join(", ")}
  ${rolled("span_usage_rollups")} UNION ALL ${atEdges(EDGE_USAGE, `${SCOPE} IS NOT NULL`)})`;
/** What the window's units of work counted, per scope: `scope, units` and a total per metered key (over `WINDOW_USAGE_PARTS`). */
export const WINDOW_USAGE = `SELECT scope, SUM(units) AS units, ${totals("")} FROM parts GROUP BY scope`;

/**
 * Deletes the rollup buckets that start before `cutoffMs`: no window that starts after the spans'
 * retention cutoff reads them again (it reads only buckets wholly inside it).
 */
export async function purgeRollupsBefore(db: D1Database, cutoffMs: number, maxStatements: number): Promise<number> {
  const latency = { table: "span_latency_rollups", column: "bucket_ms", key: "level_ms, bucket_ms, task, ms" };
  const usage = { table: "span_usage_rollups", column: "bucket_ms", key: "level_ms, bucket_ms, scope" };
  return (
    (await deleteOlderThan(db, latency, cutoffMs, maxStatements)) +
    (await deleteOlderThan(db, usage, cutoffMs, maxStatements))
  );
}
