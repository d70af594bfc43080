import { describe, expect, it } from "vitest";
import { ROLLUP_LEVELS_MS, windowPieces, type WindowPieces } from "../../../src/shared/metrics/rollup-window";

const SECOND = 1_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Each piece as the milliseconds [from, to) it stands for: a rollup range covers its buckets' whole length. */
function spans(p: WindowPieces): { from: number; to: number; level: number }[] {
  const rolled = p.rollups.map((r) => ({ from: r.from, to: r.to, level: r.level }));
  return [...rolled, ...p.edges.map((e) => ({ ...e, level: 0 }))].sort((a, b) => a.from - b.from || a.to - b.to);
}

/** Checks that the pieces cover fromMs..toMs, both included, once each, with whole aligned buckets only. */
function expectExactCover(fromMs: number, toMs: number): WindowPieces {
  const p = windowPieces(fromMs, toMs);
  let at = fromMs;
  for (const s of spans(p).filter((x) => x.to > x.from)) {
    expect(s.from).toBe(at);
    at = s.to;
  }
  expect(at).toBe(toMs + 1);
  for (const r of p.rollups) {
    expect(ROLLUP_LEVELS_MS).toContain(r.level);
    expect(r.from % r.level).toBe(0);
    expect(r.to % r.level).toBe(0);
    expect(r.to).toBeGreaterThan(r.from);
  }
  return p;
}

describe("a window cut into rollup buckets and edges", () => {
  it("covers a day ending at an arbitrary instant: whole days, hours, minutes and seconds, and under a second of spans at each edge", () => {
    const to = Date.parse("2026-12-02T03:07:41.523Z");
    const p = expectExactCover(to - DAY, to);
    expect(p.rollups).toEqual([
      { level: HOUR, from: Date.parse("2026-12-01T04:00:00Z"), to: Date.parse("2026-12-02T03:00:00Z") },
      { level: MINUTE, from: Date.parse("2026-12-01T03:08:00Z"), to: Date.parse("2026-12-01T04:00:00Z") },
      { level: MINUTE, from: Date.parse("2026-12-02T03:00:00Z"), to: Date.parse("2026-12-02T03:07:00Z") },
      { level: SECOND, from: Date.parse("2026-12-01T03:07:42Z"), to: Date.parse("2026-12-01T03:08:00Z") },
      { level: SECOND, from: Date.parse("2026-12-02T03:07:00Z"), to: Date.parse("2026-12-02T03:07:41Z") },
    ]);
    expect(p.edges).toEqual([
      { from: to - DAY, to: Date.parse("2026-12-01T03:07:42Z") },
      { from: Date.parse("2026-12-02T03:07:41Z"), to: to + 1 },
    ]);
  });

  it("reads whole hours inside a 30-day window, and minutes and seconds only towards its edges", () => {
    const to = Date.parse("2026-12-02T03:07:41.523Z");
    const p = expectExactCover(to - 30 * DAY, to);
    expect(p.rollups.filter((r) => r.level === HOUR)).toEqual([
      { level: HOUR, from: Date.parse("2026-11-02T04:00:00Z"), to: Date.parse("2026-12-02T03:00:00Z") },
    ]);
    expect(p.rollups.filter((r) => r.level !== HOUR).every((r) => r.to - r.from < HOUR)).toBe(true);
  });

  it("keeps a bound that falls on a bucket's start inside the window, and one that falls on its last millisecond", () => {
    const from = Date.parse("2026-12-01T10:00:00.000Z");
    const p = expectExactCover(from, from + HOUR - 1);
    expect(p.rollups).toEqual([{ level: HOUR, from, to: from + HOUR }]);
    expect(p.edges).toEqual([
      { from, to: from },
      { from: from + HOUR, to: from + HOUR },
    ]);
    // One millisecond short of the hour: the hour's last second is read from the spans.
    const short = expectExactCover(from, from + HOUR - 2);
    expect(short.rollups.some((r) => r.level === HOUR)).toBe(false);
    expect(short.edges[1]).toEqual({ from: from + HOUR - SECOND, to: from + HOUR - 1 });
  });

  it("reads a window inside one second from the spans alone", () => {
    const from = Date.parse("2026-12-01T10:00:00.100Z");
    const p = expectExactCover(from, from + 500);
    expect(p.rollups).toEqual([]);
    expect(p.edges[0]).toEqual({ from, to: from + 501 });
  });

  it("covers any window exactly, with at most two ranges of each level and under a second at each edge", () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 500; i++) {
      const from = Date.parse("2026-01-01T00:00:00Z") + (next() % (300 * DAY));
      const length = [SECOND, MINUTE, HOUR, DAY, 30 * DAY][i % 5]! * ((next() % 1000) / 100);
      const p = expectExactCover(from, from + Math.floor(length));
      for (const level of ROLLUP_LEVELS_MS)
        expect(p.rollups.filter((r) => r.level === level).length).toBeLessThanOrEqual(2);
      if (p.rollups.length > 0) for (const e of p.edges) expect(e.to - e.from).toBeLessThan(SECOND);
    }
  });
});
