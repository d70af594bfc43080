import { describe, expect, it } from "vitest";
import { costOf } from "../../../src/shared/models/cost";
import {
  createOfflineProvider,
  defaultOfflineAnswerer,
  PROMPT_CACHE_TTL_MS,
  type PrefixCache,
} from "../../../src/shared/models/offline.provider";
import { countRequestTokens, estimateTokens } from "../../../src/shared/models/tokens";
import { prose, requestFor } from "../../fixtures/fake-messages-api";

const clock = (start = Date.parse("2026-11-20T10:00:00Z")) => {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};

describe("offline provider", () => {
  const system = [
    { text: prose(5000), cache: true },
    { text: "Order PO-1001 is late.", cache: false },
  ];

  it("reports a cache write on the first call and a cache read on the second", async () => {
    const time = clock();
    const offline = createOfflineProvider({}, { now: time.now });
    const request = requestFor("exception_analysis", { system });
    const first = await offline.complete(request);
    time.advance(60_000);
    const second = await offline.complete(request);

    const uncached = countRequestTokens(request) - 5000;
    expect(first.usage).toMatchObject({
      input_tokens: uncached,
      cache_creation_input_tokens: 5000,
      cache_read_input_tokens: 0,
    });
    expect(second.usage).toMatchObject({
      input_tokens: uncached,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 5000,
    });
    expect(first.cost_basis).toBe("modeled");
    expect(second.cost_basis).toBe("modeled");
    expect(second.content).toEqual(first.content);
    expect(second.usage.output_tokens).toBe(first.usage.output_tokens);
    expect(second.cost_usd).toBeLessThan(first.cost_usd);
  });

  it("costs a modeled call from the prompt's token counts", async () => {
    const offline = createOfflineProvider({}, { now: clock().now });
    const request = requestFor("exception_analysis", { system: [{ text: prose(5000), cache: true }] });
    const res = await offline.complete(request);
    // "Where is PO-1001?": Where 2, is 1, PO 1, - 1, 1001 2, ? 1.
    expect(res.usage.input_tokens).toBe(8);
    const output = estimateTokens("Answered offline (no ANTHROPIC_API_KEY): task exception_analysis.");
    expect(res.usage.output_tokens).toBe(output);
    expect(res.cost_usd).toBeCloseTo((8 * 3 + 5000 * 3 * 1.25 + output * 15) / 1e6, 12);
    expect(res).toMatchObject({ model: "claude-sonnet-4-6", stop_reason: "end_turn", attempts: 1 });
  });

  it("writes the cache again once five minutes have passed since the prefix was last used", async () => {
    const time = clock();
    const offline = createOfflineProvider({}, { now: time.now });
    const request = requestFor("exception_analysis", { system });
    await offline.complete(request);
    time.advance(PROMPT_CACHE_TTL_MS - 1);
    expect((await offline.complete(request)).usage.cache_read_input_tokens).toBe(5000);
    time.advance(PROMPT_CACHE_TTL_MS - 1);
    // Each read refreshes the entry, as the API's cache does.
    expect((await offline.complete(request)).usage.cache_read_input_tokens).toBe(5000);
    time.advance(PROMPT_CACHE_TTL_MS);
    expect((await offline.complete(request)).usage).toMatchObject({
      cache_creation_input_tokens: 5000,
      cache_read_input_tokens: 0,
    });
  });

  it("reads the longest cached breakpoint and writes the rest", async () => {
    const offline = createOfflineProvider({}, { now: clock().now });
    const tools = [{ name: "diagnose", description: prose(2100), input_schema: { type: "object" as const } }];
    const a = requestFor("exception_analysis", { tools, system: [{ text: prose(300, "alpha"), cache: true }] });
    const b = requestFor("exception_analysis", { tools, system: [{ text: prose(400, "beta"), cache: true }] });
    const first = await offline.complete(a);
    const second = await offline.complete(b);
    const toolTokens = first.usage.cache_creation_input_tokens - 300;
    expect(toolTokens).toBeGreaterThanOrEqual(2100);
    expect(second.usage).toMatchObject({ cache_read_input_tokens: toolTokens, cache_creation_input_tokens: 400 });
  });

  it("reads a shared system block from the cache and writes only the next customer's own block (issue 15)", async () => {
    const offline = createOfflineProvider({}, { now: clock().now });
    const handbook = { text: prose(5000, "handbook"), cache: true };
    const a = requestFor("customer_communication", { system: [handbook, { text: prose(300, "acme"), cache: true }] });
    const b = requestFor("customer_communication", { system: [handbook, { text: prose(400, "beta"), cache: true }] });
    expect((await offline.complete(a)).usage).toMatchObject({ cache_creation_input_tokens: 5300 });
    expect((await offline.complete(b)).usage).toMatchObject({
      cache_read_input_tokens: 5000,
      cache_creation_input_tokens: 400,
    });
  });

  it("caches nothing when the prefix is below the model's minimum", async () => {
    const offline = createOfflineProvider({}, { now: clock().now });
    const request = requestFor("status_query", { system: [{ text: prose(1000), cache: true }] });
    await offline.complete(request);
    const res = await offline.complete(request);
    expect(res.usage).toMatchObject({
      input_tokens: countRequestTokens(request),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
  });

  it("keeps the simulated cache in the injected store, keyed by hash", async () => {
    const entries = new Map<string, number>();
    const cache: PrefixCache = {
      get: async (key) => entries.get(key) ?? null,
      set: async (key, expiresAt) => void entries.set(key, expiresAt),
    };
    const time = clock();
    const request = requestFor("exception_analysis", { system });
    await createOfflineProvider({}, { cache, now: time.now }).complete(request);
    expect([...entries.keys()]).toHaveLength(1);
    expect([...entries.keys()][0]).toMatch(/^[0-9a-f]{64}$/);
    expect([...entries.values()][0]).toBe(time.now() + PROMPT_CACHE_TTL_MS);
    // Another provider on the same store sees the entry: the cache outlives the instance.
    const res = await createOfflineProvider({}, { cache, now: time.now }).complete(request);
    expect(res.usage.cache_read_input_tokens).toBe(5000);
  });

  it("answers with the task's answerer, deterministically, and reports tool calls", async () => {
    const offline = createOfflineProvider({
      exception_investigation: (req) => [
        { type: "tool_use", id: "toolu_offline_1", name: "diagnose", input: { po_number: req.metadata.po_number } },
      ],
    });
    const res = await offline.complete(requestFor("exception_investigation"));
    expect(res.stop_reason).toBe("tool_use");
    expect(res.content).toEqual([
      { type: "tool_use", id: "toolu_offline_1", name: "diagnose", input: { po_number: "PO-1001" } },
    ]);
    expect(res.usage.output_tokens).toBe(estimateTokens("diagnose") + estimateTokens('{"po_number":"PO-1001"}'));
  });

  it("falls back to a text block naming the task", async () => {
    const res = await createOfflineProvider({}).complete(requestFor("customer_communication"));
    expect(res.content).toEqual(defaultOfflineAnswerer(requestFor("customer_communication")));
    expect(res.content[0]).toMatchObject({ type: "text", text: expect.stringContaining("customer_communication") });
    expect(res.cost_usd).toBeCloseTo(costOf(res.usage, "haiku"), 15);
  });
});
