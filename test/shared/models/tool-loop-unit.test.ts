import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAnthropicProvider } from "../../../src/shared/models/anthropic.provider";
import { defineTool, objectJsonSchema, runToolLoop, toolset } from "../../../src/shared/models/tool-loop";
import { fakeMessagesApi, messageJson, requestFor } from "../../fixtures/fake-messages-api";

const SONNET = "claude-sonnet-4-6";
const usage = { input_tokens: 1000, output_tokens: 100 };
// (1000 x 3 + 100 x 15) / 1e6
const TURN_COST = 0.0045;

const diagnosed: string[] = [];
const tools = toolset([
  defineTool({
    name: "diagnose",
    description: "Diagnose the exception on a purchase order.",
    input: z.object({ po_number: z.string().regex(/^PO-\d+$/) }),
    run: ({ po_number }) => {
      diagnosed.push(po_number);
      return { type: "carrier_delay", days: 2 };
    },
  }),
  defineTool({
    name: "escalate",
    description: "Hand the exception to a human.",
    input: z.object({ reason: z.string() }),
    run: () => {
      throw new Error("escalation queue unavailable");
    },
  }),
]);

const toolUse = (id: string, name: string, input: unknown) =>
  messageJson({ model: SONNET, content: [{ type: "tool_use", id, name, input }], usage });
const done = (text: string) => messageJson({ model: SONNET, content: [{ type: "text", text }], usage });

function setup(script: Parameters<typeof fakeMessagesApi>[0]) {
  const api = fakeMessagesApi(script);
  const provider = createAnthropicProvider({
    apiKey: "k",
    baseURL: "https://models.test",
    fetch: api.fetch,
    sleep: async () => {},
  });
  const request = requestFor("exception_investigation", {
    tools: tools.definitions,
    text: "PO-1001 is late. Investigate.",
  });
  return { api, provider, request };
}

describe("runToolLoop", () => {
  it("runs tool_use, answers with tool_result for the same id, and stops at end_turn", async () => {
    diagnosed.length = 0;
    const { api, provider, request } = setup([
      toolUse("toolu_A", "diagnose", { po_number: "PO-1001" }),
      done("Carrier delay of 2 days."),
    ]);
    const result = await runToolLoop({ provider, request, tools: tools.handlers, costCeilingUsd: 1 });

    expect(result.stopped).toBe("end_turn");
    expect(result.turns).toHaveLength(2);
    expect(result.final.content).toEqual([{ type: "text", text: "Carrier delay of 2 days." }]);
    expect(result.tool_calls).toEqual([{ name: "diagnose", input: { po_number: "PO-1001" }, ok: true }]);
    expect(diagnosed).toEqual(["PO-1001"]);
    expect(result.cost_usd).toBeCloseTo(2 * TURN_COST, 12);

    const second = api.requests[1]!.body.messages;
    expect(second).toHaveLength(3);
    expect(second[1]).toMatchObject({ role: "assistant", content: [{ type: "tool_use", id: "toolu_A" }] });
    expect(second[2]).toEqual({
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: "toolu_A", content: JSON.stringify({ type: "carrier_delay", days: 2 }) },
      ],
    });
  });

  it("sends the tool definitions as JSON schema from zod", async () => {
    const { api, provider, request } = setup([done("ok")]);
    await runToolLoop({ provider, request, tools: tools.handlers, costCeilingUsd: 1 });
    const diagnose = api.requests[0]!.body.tools?.find((t) => t.name === "diagnose");
    expect(diagnose?.input_schema).toMatchObject({
      type: "object",
      properties: { po_number: { type: "string", pattern: "^PO-\\d+$" } },
      required: ["po_number"],
    });
    expect(diagnose?.input_schema).not.toHaveProperty("$schema");
  });

  it("returns handler failures, invalid input and unknown tools as is_error results", async () => {
    const { api, provider, request } = setup([
      messageJson({
        model: SONNET,
        content: [
          { type: "tool_use", id: "t1", name: "escalate", input: { reason: "damaged" } },
          { type: "tool_use", id: "t2", name: "diagnose", input: { po_number: 42 } },
          { type: "tool_use", id: "t3", name: "refund", input: {} },
        ],
        usage,
      }),
      done("Could not act."),
    ]);
    const result = await runToolLoop({ provider, request, tools: tools.handlers, costCeilingUsd: 1 });
    expect(result.tool_calls.map((c) => [c.name, c.ok])).toEqual([
      ["escalate", false],
      ["diagnose", false],
      ["refund", false],
    ]);
    const results = api.requests[1]!.body.messages[2]!.content;
    expect(Array.isArray(results) && results.map((r) => [r.tool_use_id, r.is_error])).toEqual([
      ["t1", true],
      ["t2", true],
      ["t3", true],
    ]);
    expect(JSON.stringify(results)).toContain("escalation queue unavailable");
    expect(JSON.stringify(results)).toContain("invalid input for diagnose");
    expect(JSON.stringify(results)).toContain("unknown tool refund");
  });

  it("stops when the accumulated cost passes the ceiling, without another model call", async () => {
    const { api, provider, request } = setup([
      toolUse("t1", "diagnose", { po_number: "PO-1" }),
      toolUse("t2", "diagnose", { po_number: "PO-2" }),
      done("never reached"),
    ]);
    // Two turns cost 0.009: the check after the second tool result trips.
    const result = await runToolLoop({ provider, request, tools: tools.handlers, costCeilingUsd: 0.006 });
    expect(result.stopped).toBe("cost_ceiling");
    expect(result.turns).toHaveLength(2);
    expect(api.requests).toHaveLength(2);
    expect(result.tool_calls).toHaveLength(2);
    expect(result.cost_usd).toBeCloseTo(0.009, 12);
    expect(result.final.stop_reason).toBe("tool_use");
  });

  it("does not stop at exactly the ceiling", async () => {
    const { provider, request } = setup([toolUse("t1", "diagnose", { po_number: "PO-1" }), done("done")]);
    const result = await runToolLoop({ provider, request, tools: tools.handlers, costCeilingUsd: TURN_COST });
    expect(result.stopped).toBe("end_turn");
  });

  it("ends once `until` holds after a turn's tools ran, without the call that would only read them back", async () => {
    diagnosed.length = 0;
    const { api, provider, request } = setup([
      toolUse("t1", "diagnose", { po_number: "PO-1" }),
      toolUse("t2", "diagnose", { po_number: "PO-2" }),
      done("never reached"),
    ]);
    const result = await runToolLoop({
      provider,
      request,
      tools: tools.handlers,
      costCeilingUsd: 1,
      until: () => diagnosed.length >= 2,
    });
    expect(result.stopped).toBe("until");
    expect(api.requests).toHaveLength(2);
    expect(diagnosed).toEqual(["PO-1", "PO-2"]);
    expect(result.cost_usd).toBeCloseTo(2 * TURN_COST, 12);
  });

  it("stops at maxTurns without running the last turn's tools", async () => {
    diagnosed.length = 0;
    const { api, provider, request } = setup([
      toolUse("t1", "diagnose", { po_number: "PO-1" }),
      toolUse("t2", "diagnose", { po_number: "PO-2" }),
    ]);
    const result = await runToolLoop({ provider, request, tools: tools.handlers, costCeilingUsd: 1, maxTurns: 2 });
    expect(result.stopped).toBe("max_turns");
    expect(api.requests).toHaveLength(2);
    expect(diagnosed).toEqual(["PO-1"]);
  });
});

describe("objectJsonSchema", () => {
  it("refuses a schema whose root is not an object", () => {
    expect(() => objectJsonSchema(z.string())).toThrow(TypeError);
  });
});
