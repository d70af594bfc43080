import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAnthropicProvider } from "../../../src/shared/models/anthropic.provider";
import { ModelCallError, ModelUnavailableError } from "../../../src/shared/models/errors";
import {
  createModelGateway,
  selectProvider,
  type CostLedgerEntry,
  type GenAiSpan,
  type ModelBreaker,
} from "../../../src/shared/models/gateway";
import { createOfflineProvider } from "../../../src/shared/models/offline.provider";
import { RESPOND_TOOL } from "../../../src/shared/models/structured";
import { defineTool, toolset } from "../../../src/shared/models/tool-loop";
import { apiError, fakeMessagesApi, messageJson, prose, type ScriptedAnswer } from "../../fixtures/fake-messages-api";

const HAIKU = "claude-haiku-4-5-20251001";
const SONNET = "claude-sonnet-4-6";
const NOW = Date.parse("2026-11-20T10:00:00Z");

/** Opens after `threshold` consecutive failures; stays open (no clock in this fake). */
function fakeBreaker(threshold: number) {
  const reports: boolean[] = [];
  let failures = 0;
  const breaker: ModelBreaker = {
    acquire: async () =>
      failures >= threshold ? { allowed: false, retry_after_ms: 30_000 } : { allowed: true, retry_after_ms: 0 },
    report: async (ok) => {
      reports.push(ok);
      failures = ok ? 0 : failures + 1;
    },
  };
  return { breaker, reports };
}

function setup(script: ScriptedAnswer[], breaker?: ModelBreaker) {
  const api = fakeMessagesApi(script);
  const provider = createAnthropicProvider({
    apiKey: "k",
    baseURL: "https://models.test",
    fetch: api.fetch,
    sleep: async () => {},
    maxAttempts: 1,
    now: () => NOW,
  });
  const ledger: CostLedgerEntry[] = [];
  const spans: GenAiSpan[] = [];
  const gateway = createModelGateway({
    provider,
    ...(breaker ? { breaker } : {}),
    ledger: async (entry) => void ledger.push(entry),
    spans: (span) => void spans.push(span),
    now: () => NOW,
  });
  return { api, gateway, ledger, spans };
}

const build = () => ({
  system: [{ text: "You answer order questions.", cache: false }],
  messages: [{ role: "user" as const, content: "Where is PO-1001?" }],
  max_tokens: 400,
  metadata: { po_number: "PO-1001", interaction_id: "int-42" },
});

describe("gateway.run", () => {
  it("routes the task, writes one ledger entry and one GenAI span", async () => {
    const { api, gateway, ledger, spans } = setup([
      messageJson({
        model: HAIKU,
        content: [{ type: "text", text: "In transit." }],
        usage: { input_tokens: 1200, output_tokens: 300 },
      }),
    ]);
    const res = await gateway.run("status_query", build);
    expect(api.requests[0]!.body.model).toBe(HAIKU);
    expect(res.cost_usd).toBeCloseTo(0.0027, 12);
    expect(ledger).toEqual([
      {
        interaction_id: "int-42",
        po_number: "PO-1001",
        task: "status_query",
        model: HAIKU,
        tier: "haiku",
        input_tokens: 1200,
        output_tokens: 300,
        cache_write_tokens: 0,
        cache_read_tokens: 0,
        latency_ms: 0,
        cost_usd: res.cost_usd,
        cost_basis: "billed",
        routing_reason: "task status_query -> haiku",
        created_at: "2026-11-20T10:00:00.000Z",
      },
    ]);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({
      name: `chat ${HAIKU}`,
      kind: "client",
      status: "ok",
      po_number: "PO-1001",
      interaction_id: "int-42",
    });
    expect(spans[0]!.attributes).toMatchObject({
      "gen_ai.provider.name": "anthropic",
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": HAIKU,
      "gen_ai.response.model": HAIKU,
      "gen_ai.request.max_tokens": 400,
      "gen_ai.usage.input_tokens": 1200,
      "gen_ai.usage.output_tokens": 300,
      "gen_ai.usage.cache_read.input_tokens": 0,
      "gen_ai.usage.cache_creation.input_tokens": 0,
      "llm.task": "status_query",
      "llm.tier": "haiku",
      "llm.routing_reason": "task status_query -> haiku",
      "llm.cost_usd": res.cost_usd,
      "llm.cost_basis": "billed",
    });
  });

  it("applies complexity overrides and records the reason", async () => {
    const { api, gateway, ledger } = setup([
      messageJson({
        model: HAIKU,
        content: [{ type: "text", text: "ok" }],
        usage: { input_tokens: 1, output_tokens: 1 },
      }),
    ]);
    await gateway.run("exception_analysis", build, { complexity: 0.12 });
    expect(api.requests[0]!.body.model).toBe(HAIKU);
    expect(ledger[0]).toMatchObject({
      tier: "haiku",
      routing_reason: "complexity 0.12 < 0.2 sends a sonnet task to haiku",
    });
  });

  it("ledgers cache writes and reads and counts them into the span's input tokens", async () => {
    const { gateway, ledger, spans } = setup([
      messageJson({
        model: SONNET,
        content: [{ type: "text", text: "ok" }],
        usage: {
          input_tokens: 1000,
          output_tokens: 500,
          cache_creation_input_tokens: 2000,
          cache_read_input_tokens: 3000,
        },
      }),
    ]);
    const res = await gateway.run("exception_analysis", build);
    expect(res.cost_usd).toBeCloseTo(0.0189, 12);
    expect(ledger[0]).toMatchObject({
      input_tokens: 1000,
      cache_write_tokens: 2000,
      cache_read_tokens: 3000,
      cost_usd: res.cost_usd,
    });
    expect(spans[0]!.attributes).toMatchObject({
      "gen_ai.usage.input_tokens": 6000,
      "gen_ai.usage.cache_read.input_tokens": 3000,
      "gen_ai.usage.cache_creation.input_tokens": 2000,
    });
    // Only the current GenAI names: the deprecated ones would count the same tokens twice downstream.
    expect(Object.keys(spans[0]!.attributes)).not.toContain("gen_ai.usage.cache_read_input_tokens");
    expect(Object.keys(spans[0]!.attributes)).not.toContain("gen_ai.system");
  });

  it("opens the breaker after repeated overloads, then refuses without calling the provider", async () => {
    const { breaker, reports } = fakeBreaker(3);
    const overloaded = apiError(529, "overloaded_error");
    const { api, gateway, ledger, spans } = setup([overloaded, overloaded, overloaded, overloaded], breaker);
    for (let i = 0; i < 3; i++) {
      const error = await gateway.run("exception_analysis", build).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelUnavailableError);
      expect(error).toMatchObject({ reason: "provider_failed" });
    }
    expect(reports).toEqual([false, false, false]);
    const refused = await gateway.run("exception_analysis", build).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ModelUnavailableError);
    expect(refused).toMatchObject({ reason: "breaker_open", retry_after_ms: 30_000 });
    expect(api.requests).toHaveLength(3);
    expect(ledger).toEqual([]);
    expect(spans.map((s) => [s.status, s.attributes["error.type"]])).toEqual([
      ["error", "529"],
      ["error", "529"],
      ["error", "529"],
      ["error", "breaker_open"],
    ]);
  });

  it.each([400, 404, 413])(
    "turns a %i into a fallback, reported to the breaker as a healthy provider",
    async (status) => {
      const { breaker, reports } = fakeBreaker(1);
      const { gateway, spans } = setup(
        [
          apiError(status, "invalid_request_error"),
          messageJson({
            model: HAIKU,
            content: [{ type: "text", text: "ok" }],
            usage: { input_tokens: 1, output_tokens: 1 },
          }),
        ],
        breaker,
      );
      const error = await gateway.run("status_query", build).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelUnavailableError);
      expect(error).toMatchObject({ reason: "request_rejected", status, summary: `request_rejected (HTTP ${status})` });
      expect((error as Error).cause).toBeInstanceOf(ModelCallError);
      expect(reports).toEqual([true]);
      expect(spans[0]).toMatchObject({ status: "error", attributes: { "error.type": String(status) } });
      // Still closed: the next call goes through.
      await expect(gateway.run("status_query", build)).resolves.toMatchObject({ model: HAIKU });
    },
  );

  it.each([401, 403])("counts a %i against the breaker: a refused key fails every call alike", async (status) => {
    const { breaker, reports } = fakeBreaker(2);
    const refused = apiError(status, status === 401 ? "authentication_error" : "permission_error");
    const { api, gateway } = setup([refused, refused, refused], breaker);
    for (let i = 0; i < 2; i++) {
      await expect(gateway.run("status_query", build)).rejects.toMatchObject({
        name: "ModelUnavailableError",
        reason: "provider_refused",
        status,
      });
    }
    expect(reports).toEqual([false, false]);
    await expect(gateway.run("status_query", build)).rejects.toMatchObject({ reason: "breaker_open" });
    expect(api.requests).toHaveLength(2);
  });

  it("turns a provider that throws something other than an HTTP answer into a fallback too", async () => {
    const gateway = createModelGateway({
      provider: {
        name: "offline",
        complete: async () => {
          throw new TypeError("cannot read the answer");
        },
      },
    });
    await expect(gateway.run("status_query", build)).rejects.toMatchObject({
      name: "ModelUnavailableError",
      reason: "request_rejected",
      status: null,
    });
  });

  it("sends every string well-formed: a lone surrogate reaches the provider as U+FFFD", async () => {
    const { api, gateway } = setup([
      messageJson({
        model: HAIKU,
        content: [{ type: "text", text: "ok" }],
        usage: { input_tokens: 1, output_tokens: 1 },
      }),
    ]);
    await gateway.run("status_query", () => ({
      ...build(),
      system: [{ text: "Catalog: valve \uD83D", cache: false }],
      messages: [{ role: "user" as const, content: "Where is PO-1001? \uDE00 cut" }],
    }));
    const sent = api.requests[0]!.body;
    expect(sent.system?.[0]?.text).toBe("Catalog: valve \uFFFD");
    expect(sent.messages[0]?.content).toBe("Where is PO-1001? \uFFFD cut");
    expect(JSON.stringify(sent).isWellFormed()).toBe(true);
  });

  it("keeps a paid answer when the ledger write fails, and says so on the span", async () => {
    const spans: GenAiSpan[] = [];
    const gateway = createModelGateway({
      provider: createOfflineProvider({}),
      ledger: async () => {
        throw new Error("D1 unavailable");
      },
      spans: (s) => void spans.push(s),
    });
    await expect(gateway.run("status_query", build)).resolves.toMatchObject({ cost_basis: "modeled" });
    expect(spans[0]).toMatchObject({ status: "ok", attributes: { "llm.ledger_error": "D1 unavailable" } });
  });
});

describe("gateway loops", () => {
  it("ledgers every turn of a tool loop", async () => {
    const tools = toolset([
      defineTool({
        name: "diagnose",
        description: "Diagnose.",
        input: z.object({ po_number: z.string() }),
        run: () => "carrier delay",
      }),
    ]);
    const usage = { input_tokens: 1000, output_tokens: 100 };
    const { gateway, ledger, spans } = setup([
      messageJson({
        model: SONNET,
        content: [{ type: "tool_use", id: "t1", name: "diagnose", input: { po_number: "PO-1001" } }],
        usage,
      }),
      messageJson({ model: SONNET, content: [{ type: "text", text: "Delay." }], usage }),
    ]);
    const result = await gateway.runToolLoop(
      "exception_investigation",
      (route) => ({ ...build(), tools: tools.definitions, max_tokens: route.tier === "sonnet" ? 1024 : 256 }),
      {
        tools: tools.handlers,
        costCeilingUsd: 0.05,
      },
    );
    expect(result.stopped).toBe("end_turn");
    expect(ledger).toHaveLength(2);
    expect(ledger.map((e) => e.task)).toEqual(["exception_investigation", "exception_investigation"]);
    expect(ledger.reduce((n, e) => n + e.cost_usd, 0)).toBeCloseTo(result.cost_usd, 15);
    expect(spans.map((s) => s.attributes["gen_ai.request.max_tokens"])).toEqual([1024, 1024]);
  });

  it("answers two invalid structured answers with an invalid_answer fallback, both attempts ledgered", async () => {
    const ledger: CostLedgerEntry[] = [];
    const gateway = createModelGateway({
      provider: createOfflineProvider({
        order_validation: () => [{ type: "tool_use", id: "r1", name: RESPOND_TOOL, input: { ok: "yes" } }],
      }),
      ledger: async (e) => void ledger.push(e),
    });
    const error = await gateway
      .structured("order_validation", build, z.object({ ok: z.boolean() }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect(error).toMatchObject({ reason: "invalid_answer" });
    expect(ledger).toHaveLength(2);
  });

  it("ledgers structured calls, offline, with modeled cost", async () => {
    const ledger: CostLedgerEntry[] = [];
    const gateway = createModelGateway({
      provider: createOfflineProvider({
        order_validation: () => [{ type: "tool_use", id: "r1", name: RESPOND_TOOL, input: { ok: true } }],
      }),
      ledger: async (e) => void ledger.push(e),
    });
    const result = await gateway.structured("order_validation", build, z.object({ ok: z.boolean() }));
    expect(result.value).toEqual({ ok: true });
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ task: "order_validation", cost_basis: "modeled", model: HAIKU });
    expect(ledger[0]!.input_tokens).toBeGreaterThan(0);
  });
});

describe("selectProvider", () => {
  it("is offline without a key or with a blank one", () => {
    expect(selectProvider({}, {}).name).toBe("offline");
    expect(selectProvider({ ANTHROPIC_API_KEY: "  " }, {}).name).toBe("offline");
  });

  it("calls Claude at ANTHROPIC_BASE_URL with the key when one is set", async () => {
    const api = fakeMessagesApi([
      messageJson({
        model: HAIKU,
        content: [{ type: "text", text: "ok" }],
        usage: { input_tokens: 1, output_tokens: 1 },
      }),
    ]);
    const provider = selectProvider(
      { ANTHROPIC_API_KEY: "sk-live", ANTHROPIC_BASE_URL: "https://gateway.ai.cloudflare.com/v1/acct/gw/anthropic" },
      {},
      { anthropic: { fetch: api.fetch } },
    );
    expect(provider.name).toBe("anthropic");
    const gateway = createModelGateway({ provider });
    const res = await gateway.run("status_query", build);
    expect(res.cost_basis).toBe("billed");
    expect(api.requests[0]!.url).toBe("https://gateway.ai.cloudflare.com/v1/acct/gw/anthropic/v1/messages");
    expect(api.requests[0]!.headers.get("authorization")).toBe("Bearer sk-live");
  });

  it("caches a long stable prefix offline across gateway calls", async () => {
    const gateway = createModelGateway({ provider: selectProvider({ ANTHROPIC_API_KEY: "" }, {}) });
    const long = () => ({ ...build(), system: [{ text: prose(3000), cache: true }] });
    const first = await gateway.run("exception_analysis", long);
    const second = await gateway.run("exception_analysis", long);
    expect(first.usage.cache_creation_input_tokens).toBe(3000);
    expect(second.usage.cache_read_input_tokens).toBe(3000);
  });
});
