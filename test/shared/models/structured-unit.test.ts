import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAnthropicProvider } from "../../../src/shared/models/anthropic.provider";
import { StructuredOutputError } from "../../../src/shared/models/errors";
import { createOfflineProvider } from "../../../src/shared/models/offline.provider";
import { completeStructured, RESPOND_TOOL } from "../../../src/shared/models/structured";
import { fakeMessagesApi, messageJson, requestFor } from "../../fixtures/fake-messages-api";

const HAIKU = "claude-haiku-4-5-20251001";
const Extraction = z.object({
  po_number: z.string().regex(/^PO-\d+$/),
  lines: z.array(z.object({ sku: z.string(), qty: z.number().int().positive() })).min(1),
});
const respond = (id: string, input: unknown) =>
  messageJson({
    model: HAIKU,
    content: [{ type: "tool_use", id, name: RESPOND_TOOL, input }],
    usage: { input_tokens: 1200, output_tokens: 300 },
  });
const valid = { po_number: "PO-1001", lines: [{ sku: "HB-10", qty: 200 }] };

function anthropic(script: Parameters<typeof fakeMessagesApi>[0]) {
  const api = fakeMessagesApi(script);
  return {
    api,
    provider: createAnthropicProvider({
      apiKey: "k",
      baseURL: "https://models.test",
      fetch: api.fetch,
      sleep: async () => {},
    }),
  };
}

describe("completeStructured", () => {
  it("forces the respond tool with the schema's JSON schema and returns the parsed value", async () => {
    const { api, provider } = anthropic([respond("toolu_1", valid)]);
    const result = await completeStructured(provider, requestFor("order_validation"), Extraction);
    expect(result.value).toEqual(valid);
    expect(result.responses).toHaveLength(1);
    // (1200 x 1 + 300 x 5) / 1e6
    expect(result.cost_usd).toBeCloseTo(0.0027, 12);
    const body = api.requests[0]!.body;
    expect(body.tool_choice).toEqual({ type: "tool", name: RESPOND_TOOL });
    expect(body.tools?.map((t) => t.name)).toEqual([RESPOND_TOOL]);
    expect(body.tools?.[0]?.input_schema).toMatchObject({ type: "object", required: ["po_number", "lines"] });
  });

  it("repairs once, answering the bad tool call with the validation problems", async () => {
    const { api, provider } = anthropic([
      respond("toolu_bad", { po_number: "1001", lines: [] }),
      respond("toolu_good", valid),
    ]);
    const result = await completeStructured(provider, requestFor("order_validation"), Extraction);
    expect(result.value).toEqual(valid);
    expect(result.responses).toHaveLength(2);
    const messages = api.requests[1]!.body.messages;
    expect(messages[1]).toMatchObject({ role: "assistant", content: [{ type: "tool_use", id: "toolu_bad" }] });
    const repair = messages[2]!.content;
    expect(Array.isArray(repair) && repair[0]).toMatchObject({
      type: "tool_result",
      tool_use_id: "toolu_bad",
      is_error: true,
    });
    expect(JSON.stringify(repair)).toContain("po_number");
    expect(JSON.stringify(repair)).toContain("lines");
  });

  it("throws a StructuredOutputError after a second invalid answer", async () => {
    const { api, provider } = anthropic([respond("a", { po_number: 7 }), respond("b", { po_number: 8 })]);
    const error = await completeStructured(provider, requestFor("order_validation"), Extraction).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect(error).toMatchObject({ attempts: 2 });
    expect(error instanceof StructuredOutputError && error.problems.some((p) => p.startsWith("po_number"))).toBe(true);
    expect(api.requests).toHaveLength(2);
  });

  it("asks again in text when the answer has no tool call", async () => {
    const { api, provider } = anthropic([
      messageJson({
        model: HAIKU,
        content: [{ type: "text", text: "Here is the PO..." }],
        usage: { input_tokens: 1, output_tokens: 1 },
      }),
      respond("toolu_2", valid),
    ]);
    const result = await completeStructured(provider, requestFor("order_validation"), Extraction);
    expect(result.value).toEqual(valid);
    const last = api.requests[1]!.body.messages.at(-1);
    expect(last?.role).toBe("user");
    expect(typeof last?.content === "string" && last.content).toContain(`no ${RESPOND_TOOL} tool call`);
  });

  it("wraps a non-object schema as { value } and unwraps the answer", async () => {
    const offline = createOfflineProvider({
      status_query: () => [
        { type: "tool_use", id: "toolu_offline", name: RESPOND_TOOL, input: { value: ["PO-1", "PO-2"] } },
      ],
    });
    const result = await completeStructured(offline, requestFor("status_query"), z.array(z.string()));
    expect(result.value).toEqual(["PO-1", "PO-2"]);
    expect(result.responses[0]!.cost_basis).toBe("modeled");
  });
});
