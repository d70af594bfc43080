/**
 * HTTP load: latency at one connection by a plain request loop (sub-millisecond timing, one
 * request at a time over a kept-alive connection) and throughput at fifty by autocannon.
 */
import autocannon from "autocannon";
import { summarize } from "./stats";

export interface Target {
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
}

export interface OneConnection {
  p50_ms: number | null;
  p99_ms: number | null;
  requests: number;
  errors: number;
  non_2xx: number;
}

export interface FiftyConnections {
  rps: number;
  requests: number;
  errors: number;
  non_2xx: number;
}

/** Requests one after another for `seconds`, after a short warm-up; p50/p99 of the 2xx answers. */
export async function oneConnection(target: Target, seconds: number): Promise<OneConnection> {
  const times: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const once = async (record: boolean) => {
    const started = performance.now();
    try {
      const res = await fetch(target.url, { method: target.method, headers: target.headers });
      await res.arrayBuffer();
      const took = performance.now() - started;
      if (!record) return;
      if (res.ok) times.push(took);
      else non2xx += 1;
    } catch {
      if (record) errors += 1;
    }
  };
  for (let i = 0; i < 20; i++) await once(false);
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) await once(true);
  const s = summarize(times);
  return { p50_ms: s.p50_ms, p99_ms: s.p99_ms, requests: times.length + non2xx + errors, errors, non_2xx: non2xx };
}

/** autocannon's sample tick; see fiftyConnections. */
const SAMPLE_TICK_MS = 10;

/**
 * Fifty connections (autocannon), about `seconds` of them; requests per second of the run. Both
 * runs are counted in requests, not seconds, so each ends when its last answer is in: a run cut
 * off by time leaves its open requests to the server, and they would slow whatever is measured
 * next. The first (two requests a connection) opens the connections and sizes the second.
 * autocannon notices the end of a counted run only at its next sample tick and reports the
 * duration to that tick: at its default tick of a second, a 2.1 s run counts as 3 s. Ticks of
 * 10 ms keep that error under 1%.
 */
export async function fiftyConnections(target: Target, seconds: number, connections = 50): Promise<FiftyConnections> {
  const options = {
    url: target.url,
    method: target.method,
    headers: target.headers,
    connections,
    sampleInt: SAMPLE_TICK_MS,
  };
  const warm = await autocannon({ ...options, amount: connections * 2 });
  const rate = warm.requests.total / Math.max(warm.duration, 0.001);
  const amount = Math.max(connections * 2, Math.round((rate * seconds) / connections) * connections);
  const result = await autocannon({ ...options, amount });
  const requests = result.requests.total;
  return {
    rps: Math.round((requests / Math.max(result.duration, 0.001)) * 10) / 10,
    requests,
    errors: result.errors + result.timeouts,
    non_2xx: result.non2xx,
  };
}
