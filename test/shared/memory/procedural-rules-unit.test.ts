import { describe, expect, it } from "vitest";
import { ProceduralRule } from "../../../src/shared/memory/memory.schema";
import { matchRules, notifyWithinHours } from "../../../src/shared/memory/procedural-rules";
import rules from "../../../src/seed/data/procedural-rules.json";

const seeded = rules.find((r) => r.rule_id === "OR-001")!;
/** The seed file nests the scope; the rule as memory holds it flattens it, as the seed step does. */
const OR_001 = ProceduralRule.parse({ ...seeded, ...seeded.scope });
const memphisInMarch = { exception_type: "carrier_delay", carrier: "UPS", hub: "Memphis, TN", month: 3 };

describe("matchRules", () => {
  it("matches a seeded rule, enabled unless said otherwise, to its circumstances", () => {
    expect(OR_001.enabled).toBe(true);
    expect(matchRules([OR_001], memphisInMarch)).toEqual([OR_001]);
    expect(notifyWithinHours(matchRules([OR_001], memphisInMarch))).toBe(2);
    expect(matchRules([OR_001], { ...memphisInMarch, month: 4 })).toEqual([]);
  });

  it("leaves a disabled rule out, so it neither sets a deadline nor is cited", () => {
    const disabled = { ...OR_001, enabled: false };
    expect(matchRules([disabled], memphisInMarch)).toEqual([]);
    expect(notifyWithinHours(matchRules([disabled], memphisInMarch))).toBeUndefined();
  });
});
