import { insertRules, loadRules, loadScopeEpisodes } from "../db/memory-repository";
import type { OrderView } from "../order-view";
import { episodeFromOrder } from "./episode-builder";
import { recordEpisode } from "./episode-store";
import { episodicMemoryFor, type MemoryEnv } from "./memory-backend";
import { promoteRules } from "./rule-promotion";

/** The next free `OR-nnn` id after the existing rules. */
function ruleIds(existing: readonly { rule_id: string }[]): () => string {
  let n = existing.reduce((max, r) => Math.max(max, Number(/^OR-(\d+)$/.exec(r.rule_id)?.[1] ?? 0)), 0);
  return () => `OR-${String(++n).padStart(3, "0")}`;
}

/**
 * Stores an exception's episode once it has a final resolution (and again as a person's
 * decision or the customer's satisfaction completes it), then promotes a procedural rule when
 * its scope now holds three positively rated episodes sharing a lesson. Called from the
 * OrderObject's outbox, so a failure is retried and nothing is learned twice.
 */
export async function rememberException(
  env: MemoryEnv,
  view: OrderView,
  exceptionId: string,
): Promise<{ stored: boolean; promoted: string[] }> {
  const episode = episodeFromOrder(view, exceptionId);
  if (!episode) return { stored: false, promoted: [] };
  await recordEpisode(env.DB, episodicMemoryFor(env), episode, {
    customer_name: view.customer ?? view.customer_id,
    root_cause: episode.root_cause,
    resolution: view.resolutions.find((r) => r.exception_id === exceptionId)?.explanation ?? episode.resolution_type,
    po_number: view.po_number,
    exception_id: exceptionId,
  });
  if (!episode.carrier || !episode.hub || episode.month === null) return { stored: true, promoted: [] };
  const [scope, rules] = await Promise.all([
    loadScopeEpisodes(env.DB, {
      exception_type: episode.exception_type,
      carrier: episode.carrier,
      hub: episode.hub,
      month: episode.month,
    }),
    loadRules(env.DB),
  ]);
  const promoted = promoteRules(scope, rules, ruleIds(rules));
  await insertRules(env.DB, promoted);
  if (promoted.length)
    console.log(
      JSON.stringify({
        msg: "procedural rule promoted",
        rules: promoted.map((r) => r.rule_id),
        from: promoted.flatMap((r) => r.created_from_episodes),
      }),
    );
  return { stored: true, promoted: promoted.map((r) => r.rule_id) };
}
