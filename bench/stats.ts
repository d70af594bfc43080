/** The bench's arithmetic, pure so it is unit-tested: percentiles, rates and ratios to the floor. */

/** The nearest-rank percentile `p` (0..100) of `values`; null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, not ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** p50, p95 and p99 of a set of durations, rounded to 0.1 ms, with their count. */
export function summarize(values: readonly number[]) {
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    samples: values.length,
    p50_ms: round(percentile(values, 50)),
    p95_ms: round(percentile(values, 95)),
    p99_ms: round(percentile(values, 99)),
  };
}

/** `value / floor` to two decimals; null when either is missing or the floor is not positive. */
export function ratio(value: number | null | undefined, floor: number | null | undefined): number | null {
  if (value === null || value === undefined || floor === null || floor === undefined || !(floor > 0)) return null;
  return Math.round((value / floor) * 100) / 100;
}

/**
 * The floor's two runs around a system run as one run: each figure their mean (null if either's is).
 * A ratio to it cancels a drift of the machine across the round, which a floor run before only
 * would charge to the system.
 */
export function meanRun<M extends { [K in keyof M]: number | null }>(before: M, after: M): M {
  const out = { ...before };
  for (const key of Object.keys(before) as (keyof M)[]) {
    const a = before[key];
    const b = after[key];
    out[key] = (a === null || b === null ? null : Math.round(((a + b) / 2) * 100) / 100) as M[keyof M];
  }
  return out;
}

/** Events per minute over `ms` milliseconds, to one decimal. */
export function perMinute(count: number, ms: number): number {
  return ms > 0 ? Math.round((count / ms) * 60_000 * 10) / 10 : 0;
}

/** The most intervals open at one instant; an interval ends just before one starting at its end. */
export function maxOverlap(intervals: readonly { from: number; to: number }[]): number {
  const edges = intervals.flatMap((i) => [
    { at: i.from, step: 1 },
    { at: i.to, step: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.step - b.step);
  let open = 0;
  let most = 0;
  for (const e of edges) {
    open += e.step;
    most = Math.max(most, open);
  }
  return most;
}

/**
 * The middle of `items` by `key` (the lower middle of an even count; null keys sort last): one
 * whole round of a repeated comparison, so its figures stay consistent with each other.
 */
export function middleBy<T>(items: readonly T[], key: (item: T) => number | null): T | undefined {
  const sorted = [...items].sort((a, b) => (key(a) ?? Number.POSITIVE_INFINITY) - (key(b) ?? Number.POSITIVE_INFINITY));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}
