import { describe, expect, it } from "vitest";
import { maxOverlap, meanRun, middleBy, percentile, perMinute, ratio, summarize } from "../../bench/stats";

describe("bench arithmetic", () => {
  it("takes nearest-rank percentiles, whatever order the samples came in", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });

  it("refuses a percentile outside 0..100", () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it("summarizes durations to a tenth of a millisecond", () => {
    expect(summarize([1.04, 2.26, 3.35, 4, 10])).toEqual({ samples: 5, p50_ms: 3.4, p95_ms: 10, p99_ms: 10 });
    expect(summarize([])).toEqual({ samples: 0, p50_ms: null, p95_ms: null, p99_ms: null });
  });

  it("gives a ratio to the floor only when both figures are there and the floor is positive", () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(1, 3)).toBe(0.33);
    expect(ratio(null, 2)).toBeNull();
    expect(ratio(2, null)).toBeNull();
    expect(ratio(2, 0)).toBeNull();
  });

  it("turns a count over milliseconds into a rate a minute", () => {
    expect(perMinute(600, 60_000)).toBe(600);
    expect(perMinute(5, 30_000)).toBe(10);
    expect(perMinute(5, 0)).toBe(0);
  });

  it("counts the most intervals open at once, an interval ending where the next starts not overlapping it", () => {
    const span = (from: number, to: number) => ({ from, to });
    expect(maxOverlap([span(0, 10), span(5, 15), span(8, 9), span(20, 30)])).toBe(3);
    expect(maxOverlap([span(0, 10), span(10, 20), span(20, 30)])).toBe(1);
    expect(maxOverlap([])).toBe(0);
  });

  it("takes the median round whole, the lower middle of an even count, unknown ratios last", () => {
    const rounds = [
      { id: "a", ratio: 0.79 },
      { id: "b", ratio: 1.1 },
      { id: "c", ratio: 0.95 },
    ];
    expect(middleBy(rounds, (r) => r.ratio)?.id).toBe("c");
    expect(middleBy([...rounds, { id: "d", ratio: null }], (r) => r.ratio)?.id).toBe("c");
    expect(
      middleBy(
        [
          { id: "x", ratio: null },
          { id: "y", ratio: 0.5 },
        ],
        (r) => r.ratio,
      )?.id,
    ).toBe("y");
    expect(middleBy([], (r: { ratio: number }) => r.ratio)).toBeUndefined();
  });

  it("takes the floor's runs before and after a system run as one, figure by figure", () => {
    type Run = { p50_ms: number | null; p99_ms: number | null; requests: number };
    const before: Run = { p50_ms: 6.1, p99_ms: 12, requests: 400 };
    const after: Run = { p50_ms: 7.2, p99_ms: null, requests: 500 };
    expect(meanRun(before, after)).toEqual({ p50_ms: 6.65, p99_ms: null, requests: 450 });
    expect(meanRun({ rps: 480.3 }, { rps: 600.4 })).toEqual({ rps: 540.35 });
  });
});
