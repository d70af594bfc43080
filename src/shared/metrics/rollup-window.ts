/**
 * How a window's spans are read from their rollups (DESIGN §12, §15): the largest aligned buckets
 * that fit inside the window, smaller ones towards its edges, and the spans themselves only in
 * the partial seconds at either edge, so a window's figures are exactly those of its spans.
 */

/**
 * Bucket lengths, each a multiple of the one before: a second, a minute and an hour. Each level is
 * one more row written per bucket touched, with every span write; a day level would only spare a
 * 30-day window's reads (rows read cost a thousandth of rows written), so there is none.
 */
export const ROLLUP_LEVELS_MS = [1_000, 60_000, 3_600_000] as const;

/** The buckets of one level whose starts lie in [from, to), all inside the window. */
export interface RollupRange {
  level: number;
  from: number;
  to: number;
}

/** Milliseconds [from, to) whose spans are read one by one; empty when from equals to. */
export interface Edge {
  from: number;
  to: number;
}

export interface WindowPieces {
  rollups: RollupRange[];
  edges: [Edge, Edge];
}

/**
 * Splits the spans' start times `fromMs..toMs` (both included, as the window's filter) into whole
 * rollup buckets and the two edges left over; `levels` ascending, each a multiple of the one before.
 */
export function windowPieces(fromMs: number, toMs: number, levels: readonly number[] = ROLLUP_LEVELS_MS): WindowPieces {
  const start = fromMs;
  const end = toMs + 1;
  const rollups: RollupRange[] = [];
  let covered: { from: number; to: number } | null = null;
  for (const level of [...levels].reverse()) {
    const from = Math.ceil(start / level) * level;
    const to = Math.floor(end / level) * level;
    if (!covered) {
      if (from >= to) continue;
      rollups.push({ level, from, to });
      covered = { from, to };
      continue;
    }
    // A smaller level fills what the larger ones left at each side, up to their aligned bounds.
    if (from < covered.from) rollups.push({ level, from, to: covered.from });
    if (to > covered.to) rollups.push({ level, from: covered.to, to });
    covered = { from: Math.min(from, covered.from), to: Math.max(to, covered.to) };
  }
  if (!covered)
    return {
      rollups,
      edges: [
        { from: start, to: end },
        { from: end, to: end },
      ],
    };
  return {
    rollups,
    edges: [
      { from: start, to: covered.from },
      { from: covered.to, to: end },
    ],
  };
}
