import { describe, expect, it } from "vitest";
import { createAnthropicProvider, retryAfterMs } from "../../../src/shared/models/anthropic.provider";
import { ModelCallError } from "../../../src/shared/models/errors";
import type { ToolDefinition } from "../../../src/shared/models/provider";
import { apiError, fakeMessagesApi, messageJson, prose, requestFor } from "../../fixtures/fake-messages-api";

const HAIKU = "claude-haiku-4-5-20251001";
const SONNET = "claude-sonnet-4-6";
const OPUS = "claude-opus-4-7";
const ok = (model: string, usage = { input_tokens: 10, output_tokens: 5 }) =>
  messageJson({ model, content: [{ type: "text", text: "fine" }], usage });

function provider(
  api: ReturnType<typeof fakeMessagesApi>,
  extra: { sleeps?: number[]; random?: () => number; baseURL?: string } = {},
) {
  return createAnthropicProvider({
    apiKey: "sk-ant-test-key",
    fetch: api.fetch,
    baseURL: extra.baseURL ?? "https://models.test",
    sleep: async (ms) => {
      extra.sleeps?.push(ms);
    },
    random: extra.random ?? (() => 0.5),
  });
}

const tool = (name: string, description: string): ToolDefinition => ({
  name,
  description,
  input_schema: { type: "object", properties: { po_number: { type: "string" } }, required: ["po_number"] },
});

describe("what the SDK sends", () => {
  it.each([
    ["status_query", undefined, HAIKU],
    ["order_validation", undefined, HAIKU],
    ["exception_analysis", undefined, SONNET],
    ["exception_investigation", undefined, SONNET],
    ["multi_exception", undefined, OPUS],
    ["status_query", 0.91, OPUS],
    ["exception_analysis", 0.12, HAIKU],
    ["complex_resolution", 0.1, OPUS],
  ] as const)("%s (complexity %s) is sent to %s", async (task, complexity, model) => {
    const api = fakeMessagesApi([ok(model)]);
    await provider(api).complete(requestFor(task, complexity === undefined ? {} : { complexity }));
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]!.body.model).toBe(model);
  });

  it("posts to /v1/messages on the configured base URL with the API key and version headers", async () => {
    const api = fakeMessagesApi([ok(HAIKU)]);
    await provider(api, { baseURL: "https://gateway.example/anthropic" }).complete(requestFor("status_query"));
    const sent = api.requests[0]!;
    expect(sent.url).toBe("https://gateway.example/anthropic/v1/messages");
    expect(sent.method).toBe("POST");
    // SDK 1.x sends the API key as a bearer token; 0.x sent it as x-api-key.
    expect(sent.headers.get("authorization")).toBe("Bearer sk-ant-test-key");
    expect(sent.headers.get("x-api-key")).toBeNull();
    // The SDK pins the API version it was generated for.
    expect(sent.headers.get("anthropic-version")).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sent.headers.get("x-stainless-retry-count")).toBe("0");
  });

  it("sends max_tokens and the conversation but not our metadata", async () => {
    const api = fakeMessagesApi([ok(HAIKU)]);
    await provider(api).complete(requestFor("status_query", { text: "Where is PO-7?", max_tokens: 300 }));
    const body = api.requests[0]!.body;
    expect(body.max_tokens).toBe(300);
    expect(body.messages).toEqual([{ role: "user", content: "Where is PO-7?" }]);
    expect(JSON.stringify(body)).not.toContain("int-1");
  });

  it("marks every cached system block and the last tool once the prefix reaches the minimum", async () => {
    const api = fakeMessagesApi([ok(SONNET)]);
    // Sonnet's minimum is 2048: tools alone reach it, so every cached block closes a prefix worth a breakpoint.
    const tools = [tool("diagnose", "Diagnose an exception."), tool("recall_episodes", prose(2100, "episodes"))];
    const system = [
      { text: "You investigate order exceptions.", cache: true },
      { text: prose(300, "contract"), cache: true },
      { text: "Today's order: PO-1001", cache: false },
    ];
    await provider(api).complete(requestFor("exception_investigation", { system, tools }));
    const body = api.requests[0]!.body;
    expect(body.system?.map((b) => b.cache_control ?? null)).toEqual([
      { type: "ephemeral" },
      { type: "ephemeral" },
      null,
    ]);
    expect(body.tools?.map((t) => t.cache_control ?? null)).toEqual([null, { type: "ephemeral" }]);
  });

  it("sends no cache_control when the prefix is below the model's minimum", async () => {
    const api = fakeMessagesApi([ok(HAIKU)]);
    const system = [{ text: prose(3000), cache: true }];
    // Haiku's minimum is 4096; 3000 + two short tools stay below it.
    await provider(api).complete(requestFor("status_query", { system, tools: [tool("a", "A."), tool("b", "B.")] }));
    const body = api.requests[0]!.body;
    expect(body.system?.[0]?.cache_control).toBeUndefined();
    expect(body.tools?.every((t) => t.cache_control === undefined)).toBe(true);
    expect(JSON.stringify(body)).not.toContain("cache_control");
  });

  it("marks only the system block when tools alone are below the minimum", async () => {
    const api = fakeMessagesApi([ok(SONNET)]);
    const system = [{ text: prose(2500), cache: true }];
    await provider(api).complete(requestFor("exception_analysis", { system, tools: [tool("diagnose", "Diagnose.")] }));
    const body = api.requests[0]!.body;
    expect(body.system?.[0]?.cache_control).toEqual({ type: "ephemeral" });
    expect(body.tools?.[0]?.cache_control).toBeUndefined();
  });
});

describe("what comes back", () => {
  it("maps the answer and bills a second call's cache reads at 0.1x", async () => {
    const system = [{ text: prose(2500), cache: true }];
    const api = fakeMessagesApi([
      messageJson({
        model: SONNET,
        content: [{ type: "text", text: "a" }],
        usage: { input_tokens: 100, output_tokens: 50, cache_creation_input_tokens: 2500 },
      }),
      messageJson({
        model: SONNET,
        content: [{ type: "text", text: "b" }],
        usage: { input_tokens: 100, output_tokens: 50, cache_read_input_tokens: 2500 },
      }),
    ]);
    const p = provider(api);
    const first = await p.complete(requestFor("exception_analysis", { system }));
    const second = await p.complete(requestFor("exception_analysis", { system }));
    expect(first.content).toEqual([{ type: "text", text: "a" }]);
    expect(first.cost_basis).toBe("billed");
    expect(first.usage).toEqual({
      input_tokens: 100,
      output_tokens: 50,
      cache_creation_input_tokens: 2500,
      cache_read_input_tokens: 0,
    });
    // (100 x 3 + 2500 x 3 x 1.25 + 50 x 15) / 1e6
    expect(first.cost_usd).toBeCloseTo(0.010425, 12);
    // (100 x 3 + 2500 x 3 x 0.1 + 50 x 15) / 1e6
    expect(second.cost_usd).toBeCloseTo(0.0018, 12);
    expect(second.usage.cache_read_input_tokens).toBe(2500);
  });

  it("maps tool_use blocks and the stop reason", async () => {
    const api = fakeMessagesApi([
      messageJson({
        model: SONNET,
        content: [
          { type: "text", text: "Checking." },
          { type: "tool_use", id: "toolu_1", name: "diagnose", input: { po_number: "PO-1" } },
        ],
        usage: { input_tokens: 1, output_tokens: 1 },
      }),
    ]);
    const res = await provider(api).complete(requestFor("exception_analysis", { tools: [tool("diagnose", "D.")] }));
    expect(res.stop_reason).toBe("tool_use");
    expect(res.content).toEqual([
      { type: "text", text: "Checking." },
      { type: "tool_use", id: "toolu_1", name: "diagnose", input: { po_number: "PO-1" } },
    ]);
  });
});

describe("retries", () => {
  it("retries a 529 after a jittered backoff and succeeds on the second attempt", async () => {
    const sleeps: number[] = [];
    const api = fakeMessagesApi([apiError(529, "overloaded_error"), ok(HAIKU)]);
    const res = await provider(api, { sleeps, random: () => 0.25 }).complete(requestFor("status_query"));
    expect(res.attempts).toBe(2);
    expect(api.requests).toHaveLength(2);
    // Full jitter: random x min(cap, 500 x 2^0).
    expect(sleeps).toEqual([125]);
  });

  it("doubles the backoff ceiling on each retry", async () => {
    const sleeps: number[] = [];
    const api = fakeMessagesApi([
      apiError(500, "api_error"),
      apiError(503, "api_error"),
      apiError(502, "api_error"),
      ok(HAIKU),
    ]);
    const res = await provider(api, { sleeps, random: () => 1 }).complete(requestFor("status_query"));
    expect(res.attempts).toBe(4);
    expect(sleeps).toEqual([500, 1000, 2000]);
  });

  it("waits what retry-after says on a 429", async () => {
    const sleeps: number[] = [];
    const api = fakeMessagesApi([apiError(429, "rate_limit_error", { "retry-after": "3" }), ok(HAIKU)]);
    const res = await provider(api, { sleeps }).complete(requestFor("status_query"));
    expect(sleeps).toEqual([3000]);
    expect(res.attempts).toBe(2);
  });

  it("retries a network failure", async () => {
    const sleeps: number[] = [];
    const api = fakeMessagesApi([{ network_error: "connection reset" }, ok(HAIKU)]);
    const res = await provider(api, { sleeps }).complete(requestFor("status_query"));
    expect(res.attempts).toBe(2);
    expect(sleeps).toHaveLength(1);
  });

  it.each([400, 401, 403, 404, 413, 422])("does not retry a %i", async (status) => {
    const sleeps: number[] = [];
    const api = fakeMessagesApi([apiError(status, "invalid_request_error"), ok(HAIKU)]);
    const error = await provider(api, { sleeps })
      .complete(requestFor("status_query"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ status, retryable: false, details: { attempts: 1 } });
    expect(api.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("gives up after maxAttempts with a retryable error", async () => {
    const api = fakeMessagesApi([
      apiError(529, "overloaded_error"),
      apiError(529, "overloaded_error"),
      apiError(529, "overloaded_error"),
      apiError(529, "overloaded_error"),
      ok(HAIKU),
    ]);
    const error = await provider(api)
      .complete(requestFor("status_query"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ status: 529, retryable: true, details: { attempts: 4 } });
    expect(api.requests).toHaveLength(4);
  });

  it("stops retrying when the server asks for a longer wait than it will sleep", async () => {
    const sleeps: number[] = [];
    const api = fakeMessagesApi([apiError(429, "rate_limit_error", { "retry-after": "600" }), ok(HAIKU)]);
    const error = await provider(api, { sleeps })
      .complete(requestFor("status_query"))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, details: { retry_after_ms: 600_000, attempts: 1 } });
    expect(sleeps).toEqual([]);
  });
});

describe("retryAfterMs", () => {
  const now = Date.parse("2026-11-20T10:00:00Z");
  it("reads seconds, an HTTP date and retry-after-ms", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "3" }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({ "retry-after": "Fri, 20 Nov 2026 10:00:07 GMT" }), now)).toBe(7000);
    expect(retryAfterMs(new Headers({ "retry-after-ms": "250", "retry-after": "3" }), now)).toBe(250);
  });
  it("returns null when absent or unreadable, and 0 for a date in the past", () => {
    expect(retryAfterMs(new Headers(), now)).toBeNull();
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }), now)).toBeNull();
    expect(retryAfterMs(new Headers({ "retry-after": "Fri, 20 Nov 2026 09:00:00 GMT" }), now)).toBe(0);
  });
});
