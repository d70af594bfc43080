/**
 * Waits until memory holds what a step taught it (DESIGN §6). A csat or a human decision is
 * answered before its episode is written (the order's outbox writes it afterwards), and the
 * order's `pending_handoffs` does not count that write: a case whose next order should follow
 * the episode, or a rule promoted from it, must wait for it here or it tests a race.
 * Observed through the public API only: `GET /v1/memory/episodes` and `GET /v1/memory/rules`.
 */
import { type ApiClient, isRecord, sleep } from "./api-client";
import type { Step } from "./suite-schema";

export interface MemoryWatchOptions {
  opsToken: string;
  timeoutMs: number;
  pollIntervalMs: number;
}

/** What a remembering step should leave in memory, read from its order's view. */
export interface MemoryTarget {
  customerId: string;
  exceptionId: string;
  exceptionType: string;
  /** A csat's rating, which the episode must carry. */
  satisfaction: string | null;
  rule: boolean;
}

const list = (body: unknown, key: string): Record<string, unknown>[] =>
  isRecord(body) && Array.isArray(body[key]) ? (body[key] as unknown[]).filter(isRecord) : [];

/** The target of a step that `remembers`, from the order's current view; null when it names none. */
export function memoryTarget(step: Step, view: Record<string, unknown> | null): MemoryTarget | null {
  if (!step.remembers || !view || typeof view.customer_id !== "string") return null;
  const index = step.csat?.exception ?? step.decide_escalation?.exception;
  const ex = index === undefined ? undefined : list(view, "exceptions")[index];
  if (typeof ex?.exception_id !== "string" || typeof ex.type !== "string") return null;
  return {
    customerId: view.customer_id,
    exceptionId: ex.exception_id,
    exceptionType: ex.type,
    satisfaction: step.csat?.customer_satisfaction ?? null,
    rule: step.remembers === "rule",
  };
}

/** The episode of the target's exception, once stored (with the rating, when one is awaited). */
async function storedEpisode(api: ApiClient, t: MemoryTarget, opsToken: string): Promise<string | null> {
  const query = new URLSearchParams({ customer_id: t.customerId, exception_type: t.exceptionType, limit: "500" });
  const answer = await api.request("GET", `/v1/memory/episodes?${query}`, { token: opsToken });
  const episode = list(answer.body, "episodes").find(
    (e) => e.exception_id === t.exceptionId && (t.satisfaction === null || e.customer_satisfaction === t.satisfaction),
  );
  return typeof episode?.episode_id === "string" ? episode.episode_id : null;
}

async function ruleFrom(api: ApiClient, episodeId: string, opsToken: string): Promise<boolean> {
  const answer = await api.request("GET", "/v1/memory/rules", { token: opsToken });
  return list(answer.body, "rules").some(
    (r) => Array.isArray(r.created_from_episodes) && r.created_from_episodes.includes(episodeId),
  );
}

/** Polls memory until the target is there; answers the wait, or why it timed out. */
export async function awaitMemory(
  api: ApiClient,
  t: MemoryTarget,
  o: MemoryWatchOptions,
): Promise<{ ok: boolean; ms: number; missing: string }> {
  const started = Date.now();
  const what = `${t.rule ? "a rule promoted from " : ""}the episode of ${t.exceptionId}${t.satisfaction ? ` rated ${t.satisfaction}` : ""}`;
  while (Date.now() - started < o.timeoutMs) {
    const episodeId = await storedEpisode(api, t, o.opsToken);
    if (episodeId && (!t.rule || (await ruleFrom(api, episodeId, o.opsToken))))
      return { ok: true, ms: Date.now() - started, missing: "" };
    await sleep(o.pollIntervalMs);
  }
  return { ok: false, ms: Date.now() - started, missing: what };
}
