import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { loadCustomerDigest } from "../../src/shared/db/reference-reads";
import { statusQueryRequest } from "../../src/shared/prompts/task-requests";
import { Tracer } from "../../src/shared/tracing";
import { openModelSession } from "../../src/workers/model-session";

/** A breaker namespace that fails the test if anything asks it for the breaker. */
const UNREACHABLE_BREAKER = {
  getByName: () => {
    throw new Error("the model breaker was asked for");
  },
} as unknown as Env["BREAKER"];

function session(overrides: Partial<Env>) {
  const tracer = new Tracer();
  return openModelSession({ ...env, ...overrides }, tracer, tracer.start("test", "internal", null));
}

describe("openModelSession: the model breaker only where a real provider is called", () => {
  it("the offline provider answers without asking the breaker object", async () => {
    const s = session({ ANTHROPIC_API_KEY: "", BREAKER: UNREACHABLE_BREAKER });
    const digest = await loadCustomerDigest(env.DB, "CUST-001", "2026-11-20");
    const request = statusQueryRequest({
      digest,
      context: { status: "confirmed" },
      question: "Where is my order?",
      po_number: "PO-2024-11710",
      interaction_id: "status:model-session-test",
    });
    const response = await s.gateway.run("status_query", request);
    expect(response.content.length).toBeGreaterThan(0);
    expect(s.calls).toHaveLength(1);
  });

  it("a configured provider is guarded by the breaker object", () => {
    expect(() => session({ ANTHROPIC_API_KEY: "sk-ant-test", BREAKER: UNREACHABLE_BREAKER })).toThrow(
      "the model breaker was asked for",
    );
  });
});
