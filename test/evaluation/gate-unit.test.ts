import { describe, expect, it } from "vitest";
import { evaluateGate, type GateCase } from "../../evaluation/gate";
import type { Category } from "../../evaluation/suite-schema";

/** `n` passing cases of a category, with orders and no escalation. */
const passing = (category: Category, n: number, trial = 1): GateCase[] =>
  Array.from({ length: n }, (_, i) => ({
    trial,
    id: `${category}-${i}`,
    category,
    outcome: "pass",
    errors: [],
    timeouts: [],
    has_orders: true,
    escalated: false,
    escalation_expected: false,
  }));

/** A clean run: every category, 100 cases. */
const cleanRun = (): GateCase[] => [
  ...passing("standard_flow", 30),
  ...passing("status_query", 20),
  ...passing("exception_carrier_delay", 10),
  ...passing("exception_pricing", 10),
  ...passing("exception_quality", 5),
  ...passing("edge", 10),
  ...passing("adversarial", 10),
  ...passing("regression", 5),
];

const check = (cases: GateCase[], name: string) => {
  const found = evaluateGate(cases).checks.find((c) => c.name === name);
  if (!found) throw new Error(`no gate check ${name}`);
  return found;
};

describe("evaluation gate", () => {
  it("passes a clean run, with a check per category present", () => {
    const gate = evaluateGate(cleanRun());
    expect(gate.passed).toBe(true);
    expect(gate.checks.map((c) => c.name)).toEqual([
      "accuracy overall",
      "accuracy standard_flow",
      "accuracy status_query",
      "accuracy exception_carrier_delay",
      "accuracy exception_pricing",
      "accuracy exception_quality",
      "accuracy edge",
      "accuracy adversarial",
      "accuracy regression",
      "runner errors",
      "settle time-outs",
      "escalation rate",
    ]);
  });

  it("fails a non-exception category at 89% even when the overall stays above 90%", () => {
    const cases = cleanRun().filter((c) => c.category !== "edge");
    const edge = [
      ...passing("edge", 89),
      ...passing("edge", 11).map((c) => ({ ...c, id: `f${c.id}`, outcome: "fail" as const })),
    ];
    const gate = evaluateGate([...cases, ...edge]);
    expect(gate.checks.find((c) => c.name === "accuracy overall")?.passed).toBe(true);
    expect(check([...cases, ...edge], "accuracy edge")).toMatchObject({ passed: false, actual: "89.0% (89/100)" });
    expect(gate.passed).toBe(false);
  });

  it("holds a category at exactly 90% to pass", () => {
    const cases = [...passing("edge", 9), { ...passing("edge", 1)[0]!, id: "x", outcome: "partial" as const }];
    expect(check(cases, "accuracy edge").passed).toBe(true);
  });

  it("fails on one adversarial case failing, and on one regression case partial", () => {
    const adversarial = cleanRun().map((c) => (c.id === "adversarial-3" ? { ...c, outcome: "fail" as const } : c));
    expect(check(adversarial, "accuracy adversarial")).toMatchObject({
      passed: false,
      offenders: ["adversarial-3 [1]: fail"],
    });
    expect(evaluateGate(adversarial).passed).toBe(false);
    const regression = cleanRun().map((c) => (c.id === "regression-0" ? { ...c, outcome: "partial" as const } : c));
    expect(evaluateGate(regression).passed).toBe(false);
  });

  it("fails on a runner error in a case that still passed", () => {
    const cases = cleanRun().map((c) =>
      c.id === "status_query-2" ? { ...c, errors: ["step 1 threw: TypeError: fetch failed"] } : c,
    );
    expect(check(cases, "runner errors")).toMatchObject({
      passed: false,
      offenders: ["status_query-2 [1]: step 1 threw: TypeError: fetch failed"],
    });
    expect(evaluateGate(cases).passed).toBe(false);
  });

  it("fails on a settle time-out, of an order or of a memory write", () => {
    const order = cleanRun().map((c) =>
      c.id === "standard_flow-0" ? { ...c, timeouts: ["PO-3208-100101 did not settle within 30000 ms"] } : c,
    );
    expect(evaluateGate(order).passed).toBe(false);
    const memory = cleanRun().map((c) =>
      c.id === "exception_carrier_delay-1" ? { ...c, timeouts: ["step 3: memory did not hold the episode"] } : c,
    );
    expect(check(memory, "settle time-outs").passed).toBe(false);
  });

  it("fails when a case escalates that should not, or does not escalate that should", () => {
    const expected = cleanRun().map((c) =>
      c.category === "exception_quality" ? { ...c, escalated: true, escalation_expected: true } : c,
    );
    expect(check(expected, "escalation rate")).toMatchObject({ passed: true, actual: "5.0% (5/100)" });
    const over = expected.map((c) => (c.id === "standard_flow-4" ? { ...c, escalated: true } : c));
    expect(check(over, "escalation rate")).toMatchObject({
      passed: false,
      offenders: ["standard_flow-4 [1]: escalated, not expected to"],
    });
    const under = expected.map((c) => (c.id === "exception_quality-0" ? { ...c, escalated: false } : c));
    expect(evaluateGate(under).passed).toBe(false);
  });

  it("counts every trial: one failing trial of an adversarial case fails the gate", () => {
    const trial2 = passing("adversarial", 10, 2).map((c) =>
      c.id === "adversarial-0" ? { ...c, outcome: "fail" as const } : c,
    );
    expect(evaluateGate([...cleanRun(), ...trial2]).passed).toBe(false);
  });

  it("fails an empty run rather than passing it", () => {
    expect(evaluateGate([]).passed).toBe(false);
  });
});
