import { METRICS_WINDOW_HOURS, type Metrics, type MetricsWindow } from "../schemas/metrics.schema";

const HOUR_MS = 3_600_000;

/** The window's bounds as ISO instants (the form every stored time has) and epoch milliseconds. */
export interface WindowBounds {
  from: string;
  to: string;
  fromMs: number;
  toMs: number;
}

export function windowBounds(window: MetricsWindow, now: Date): WindowBounds {
  const toMs = now.getTime();
  const fromMs = toMs - METRICS_WINDOW_HOURS[window] * HOUR_MS;
  return { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), fromMs, toMs };
}

/** Orders received in one hour by one channel; `hour` is an ISO instant cut to the hour (`2026-12-01T17`). */
export interface HourCount {
  hour: string;
  channel: string;
  received: number;
}

const CHANNELS = ["portal", "edi", "email"] as const;

/**
 * One bucket per hour the window touches, oldest first, empty hours as zeros: from the hour
 * holding `from` to the hour holding `to`. Counts outside those hours are not the window's.
 */
export function hourBuckets(bounds: WindowBounds, counts: readonly HourCount[]): Metrics["orders_per_hour"] {
  const buckets = new Map<string, Metrics["orders_per_hour"][number]>();
  for (let t = Math.floor(bounds.fromMs / HOUR_MS) * HOUR_MS; t <= bounds.toMs; t += HOUR_MS) {
    const hour = new Date(t).toISOString().slice(0, 13);
    buckets.set(hour, { hour: `${hour}:00:00Z`, received: 0, by_channel: { portal: 0, edi: 0, email: 0 } });
  }
  for (const c of counts) {
    const bucket = buckets.get(c.hour);
    if (!bucket) continue;
    bucket.received += c.received;
    const channel = CHANNELS.find((ch) => ch === c.channel);
    if (channel) bucket.by_channel[channel] += c.received;
  }
  return [...buckets.values()];
}
