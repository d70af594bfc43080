/**
 * The system's wrangler configuration as the bench runs it: `wrangler.toml` without its `[assets]`
 * table. Locally, Miniflare emulates Cloudflare's static-asset routing with two Workers of its own
 * (a router and an asset server) that every request passes through first, on the same workerd
 * thread as the system; on Cloudflare that routing happens in the platform, before the Worker is
 * invoked and outside its CPU time. Measured here: about 0.7 ms of CPU per API request, a third of
 * an order list's. The floor has no assets, so with them in place a ratio would charge the system
 * for an emulation no deployment runs on its CPU, as the trace store would (see `processes.ts`).
 * Nothing else differs; the console (`/dashboard`), which needs the assets, is not benchmarked.
 * `bench/run.ts` writes it beside `wrangler.toml` (wrangler reads `main` and the migrations
 * relative to the configuration's directory) as `wrangler.bench.toml`, gitignored.
 */

/** `toml` without its top-level `[assets]` table; throws when it has none, so a renamed table is noticed. */
export function withoutAssets(toml: string): string {
  const lines = toml.split("\n");
  const start = lines.findIndex((l) => l.trim() === "[assets]");
  if (start < 0) throw new Error("wrangler.toml has no [assets] table to leave out");
  const rest = lines.slice(start + 1).findIndex((l) => l.trimStart().startsWith("["));
  const end = rest < 0 ? lines.length : start + 1 + rest;
  return [...lines.slice(0, start), ...lines.slice(end)].join("\n");
}
