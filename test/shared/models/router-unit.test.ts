import { describe, expect, it } from "vitest";
import seed from "../../../src/shared/models/models.json";
import { MODEL_SPECS, ModelTask, routeTask } from "../../../src/shared/models/router";

describe("routeTask", () => {
  it("knows exactly the tasks of models.json", () => {
    expect([...ModelTask.options].sort()).toEqual(Object.keys(seed.task_routing).sort());
  });

  it.each([
    ["status_query", "haiku", "claude-haiku-4-5-20251001"],
    ["order_validation", "haiku", "claude-haiku-4-5-20251001"],
    ["customer_communication", "haiku", "claude-haiku-4-5-20251001"],
    ["exception_investigation", "sonnet", "claude-sonnet-4-6"],
    ["exception_analysis", "sonnet", "claude-sonnet-4-6"],
    ["contract_pricing_check", "sonnet", "claude-sonnet-4-6"],
    ["complex_resolution", "opus", "claude-opus-4-7"],
    ["multi_exception", "opus", "claude-opus-4-7"],
  ] as const)("%s -> %s (%s)", (task, tier, model) => {
    const route = routeTask(task);
    expect(route).toMatchObject({ task, tier, model, reason: `task ${task} -> ${tier}` });
  });

  it("carries the tier's prices and cache minimum", () => {
    expect(routeTask("exception_analysis")).toMatchObject({
      min_cacheable_tokens: 2048,
      prices: { input_per_mtok: 3, output_per_mtok: 15 },
    });
    expect(routeTask("status_query")).toMatchObject({
      min_cacheable_tokens: 4096,
      prices: { input_per_mtok: 1, output_per_mtok: 5 },
    });
    expect(routeTask("multi_exception").prices).toEqual({ input_per_mtok: 5, output_per_mtok: 25 });
    expect(MODEL_SPECS.opus.min_cacheable_tokens).toBe(4096);
  });

  it("sends any task above 0.85 complexity to opus", () => {
    expect(routeTask("status_query", 0.91)).toMatchObject({
      tier: "opus",
      model: "claude-opus-4-7",
      reason: "complexity 0.91 > 0.85 forces opus",
    });
    expect(routeTask("exception_analysis", 0.86).tier).toBe("opus");
  });

  it("leaves exactly 0.85 on the task's tier", () => {
    expect(routeTask("status_query", 0.85).tier).toBe("haiku");
  });

  it("sends a sonnet task below 0.2 to haiku", () => {
    expect(routeTask("exception_analysis", 0.12)).toMatchObject({
      tier: "haiku",
      model: "claude-haiku-4-5-20251001",
      reason: "complexity 0.12 < 0.2 sends a sonnet task to haiku",
    });
    expect(routeTask("exception_analysis", 0.2).tier).toBe("sonnet");
  });

  it("does not move opus tasks down for low complexity", () => {
    expect(routeTask("multi_exception", 0.05)).toMatchObject({ tier: "opus", reason: "task multi_exception -> opus" });
  });

  it("keeps the table's tier for middling complexity", () => {
    expect(routeTask("status_query", 0.5)).toMatchObject({ tier: "haiku", reason: "task status_query -> haiku" });
  });

  it("refuses complexity outside [0, 1] and unknown tasks", () => {
    expect(() => routeTask("status_query", 1.2)).toThrow(RangeError);
    expect(() => routeTask("status_query", Number.NaN)).toThrow(RangeError);
    const parsed = ModelTask.safeParse("write_poem");
    expect(parsed.success).toBe(false);
  });
});
