import { describe, expect, it } from "vitest";
import { addUsage, costOf, roundUsd, ZERO_USAGE } from "../../../src/shared/models/cost";

const usage = (input: number, output: number, write = 0, read = 0) => ({
  input_tokens: input,
  output_tokens: output,
  cache_creation_input_tokens: write,
  cache_read_input_tokens: read,
});

describe("costOf", () => {
  it("costs sonnet with cache writes and reads", () => {
    // (1000 x 3 + 2000 x 3 x 1.25 + 3000 x 3 x 0.1 + 500 x 15) / 1e6
    expect(costOf(usage(1000, 500, 2000, 3000), "sonnet")).toBeCloseTo(0.0189, 12);
  });

  it("costs haiku without cache", () => {
    // (1200 x 1 + 300 x 5) / 1e6
    expect(costOf(usage(1200, 300), "haiku")).toBeCloseTo(0.0027, 12);
  });

  it("costs opus", () => {
    // (2000 x 5 + 4000 x 5 x 0.1 + 800 x 25) / 1e6
    expect(costOf(usage(2000, 800, 0, 4000), "opus")).toBeCloseTo(0.032, 12);
  });

  it("prices cache reads at a tenth and writes at 1.25x of input", () => {
    const read = costOf(usage(0, 0, 0, 1_000_000), "sonnet");
    const write = costOf(usage(0, 0, 1_000_000, 0), "sonnet");
    expect(read).toBeCloseTo(0.3, 12);
    expect(write).toBeCloseTo(3.75, 12);
  });

  it("keeps precision below a millionth of a dollar", () => {
    expect(costOf(usage(1, 0), "haiku")).toBe(0.000001);
    expect(costOf(usage(0, 0, 0, 1), "haiku")).toBeCloseTo(1e-7, 15);
    expect(costOf(ZERO_USAGE, "opus")).toBe(0);
  });

  it("refuses negative counts", () => {
    expect(() => costOf(usage(-1, 0), "haiku")).toThrow(RangeError);
  });
});

describe("roundUsd and addUsage", () => {
  it("rounds to 6 decimals for display", () => {
    expect(roundUsd(0.0123456789)).toBe(0.012346);
    expect(roundUsd(0.0000004)).toBe(0);
  });

  it("adds usages field by field", () => {
    expect(addUsage(usage(1, 2, 3, 4), usage(10, 20, 30, 40))).toEqual(usage(11, 22, 33, 44));
  });
});
