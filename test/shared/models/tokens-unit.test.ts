import { describe, expect, it } from "vitest";
import { buildStablePrefix, planPromptCache } from "../../../src/shared/models/prompt-cache";
import { countMessageTokens, countRequestTokens, estimateTokens } from "../../../src/shared/models/tokens";
import { prose, requestFor } from "../../fixtures/fake-messages-api";

describe("estimateTokens", () => {
  it("counts short words as one token and long words by fours", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("a the bolt")).toBe(3);
    expect(estimateTokens("order")).toBe(2);
    expect(estimateTokens("purchase")).toBe(2);
    expect(estimateTokens("internationalization")).toBe(5);
  });

  it("counts digit runs by threes and punctuation runs by twos", () => {
    expect(estimateTokens("1234567")).toBe(3);
    expect(estimateTokens('{"a":1}')).toBe(5);
  });

  it("lands English prose near 3.5 to 4.5 characters a token", () => {
    const text =
      "The supplier received a purchase order for two hundred hex bolts and forty flange nuts. " +
      "The carrier reported a delay at the Memphis hub, so the promised delivery date slips by two days. " +
      "Tell the buyer what happened, what we are doing about it, and when the parts will arrive.";
    const ratio = text.length / estimateTokens(text);
    expect(ratio).toBeGreaterThan(3.5);
    expect(ratio).toBeLessThan(4.5);
  });

  it("is deterministic", () => {
    const text = `${prose(500)} PO-1001 {"qty": 12}`;
    expect(estimateTokens(text)).toBe(estimateTokens(text));
  });
});

describe("countRequestTokens", () => {
  it("counts system blocks, tool definitions and every kind of message block", () => {
    const request = requestFor("exception_analysis", {
      system: [{ text: "alpha beta", cache: true }],
      tools: [{ name: "diagnose", description: "Diagnose it.", input_schema: { type: "object" } }],
    });
    request.messages.push(
      { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "diagnose", input: { po: "PO-1" } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: "carrier delay" }] },
    );
    const toolJson = JSON.stringify({
      name: "diagnose",
      description: "Diagnose it.",
      input_schema: { type: "object" },
    });
    const expected =
      estimateTokens("alpha beta") +
      estimateTokens(toolJson) +
      estimateTokens("Where is PO-1001?") +
      estimateTokens("diagnose") +
      estimateTokens('{"po":"PO-1"}') +
      estimateTokens("carrier delay");
    expect(countRequestTokens(request)).toBe(expected);
    expect(countMessageTokens({ role: "user", content: "carrier delay" })).toBe(estimateTokens("carrier delay"));
  });
});

describe("buildStablePrefix and planPromptCache", () => {
  it("joins the parts and marks the prefix cacheable only when it reaches the minimum", () => {
    const long = buildStablePrefix(["Instructions.", prose(2100, "catalog"), "  ", prose(100, "tools")], 2048);
    expect(long.cache).toBe(true);
    expect(long.text.split("\n\n")).toHaveLength(3);
    expect(long.tokens).toBe(estimateTokens(long.text));
    const short = buildStablePrefix(["Instructions.", "A short catalog."], 2048);
    expect(short).toMatchObject({ cache: false, text: "Instructions.\n\nA short catalog." });
  });

  it("puts breakpoints on the last tool and the last cached system block, covering the prefix", () => {
    const tools = [{ name: "t", description: prose(2100), input_schema: { type: "object" as const } }];
    const plan = planPromptCache(
      requestFor("exception_analysis", {
        system: [
          { text: "s1", cache: true },
          { text: "s2", cache: false },
        ],
        tools,
      }),
    );
    expect(plan.tools[0]?.cache_control).toEqual({ type: "ephemeral" });
    expect(plan.system.map((b) => b.cache_control)).toEqual([{ type: "ephemeral" }, undefined]);
    expect(plan.breakpoints).toHaveLength(2);
    expect(plan.prefix_tokens).toBe(plan.breakpoints[1]!.tokens);
    expect(plan.breakpoints[1]!.tokens).toBe(plan.breakpoints[0]!.tokens + estimateTokens("s1"));
  });

  it("marks every cached system block that reaches the minimum, and never more than the API's four markers", () => {
    const two = planPromptCache(
      requestFor("customer_communication", {
        system: [
          { text: prose(5000, "handbook"), cache: true },
          { text: "digest", cache: true },
        ],
      }),
    );
    expect(two.system.map((b) => b.cache_control)).toEqual([{ type: "ephemeral" }, { type: "ephemeral" }]);
    expect(two.breakpoints.map((b) => b.tokens)).toEqual([5000, 5000 + estimateTokens("digest")]);
    // Eight blocks of 1,500: the prefix reaches Haiku's 4,096 at the third; the last four are marked.
    const eight = planPromptCache(
      requestFor("customer_communication", {
        system: Array.from({ length: 8 }, (_, i) => ({ text: prose(1500, `part${i}`), cache: true })),
      }),
    );
    expect(eight.system.map((b) => b.cache_control !== undefined)).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
    expect(eight.breakpoints.map((b) => b.tokens)).toEqual([7500, 9000, 10500, 12000]);
  });

  it("keys breakpoints by model, so the same prefix on another tier is another cache entry", () => {
    const system = [{ text: prose(5000), cache: true }];
    const sonnet = planPromptCache(requestFor("exception_analysis", { system }));
    const opus = planPromptCache(requestFor("exception_analysis", { system, complexity: 0.9 }));
    expect(sonnet.breakpoints[0]!.prefix).not.toBe(opus.breakpoints[0]!.prefix);
  });
});
