import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { readTagged } from "../../src/shared/prompts/tagged";
import { passageTokens } from "../../src/shared/retrieval/compress-context";
import { RETRIEVED_TOKEN_BUDGET, RetrievedContext } from "../../src/shared/retrieval/retrieved-answer";
import { api, TOKENS } from "../fixtures/api";

interface Recorded {
  body: { system?: { text: string; cache_control?: { type: string } }[]; messages: { content: unknown }[] };
}

const fake = (path: string, init?: RequestInit) => fetch(`${env.FAKE_ANTHROPIC_URL}${path}`, init);
const recorded = async () => (await (await fake("/__requests")).json()) as Recorded[];

/** Asks a question on a seeded order and answers what the model was sent for it. */
async function sentFor(po: string, token: string, question: string) {
  await fake("/__reset", { method: "POST" });
  const res = await api(`/v1/orders/${po}/status-query`, { method: "POST", token, json: { question } });
  expect(res.status).toBe(200);
  const [call] = await recorded();
  const message = JSON.stringify(call?.body.messages ?? []);
  const content = call?.body.messages[0]?.content;
  const text = typeof content === "string" ? content : message;
  return { system: call?.body.system ?? [], text, retrieved: RetrievedContext.parse(readTagged(text, "retrieved")) };
}

beforeEach(async () => {
  await fake("/__reset", { method: "POST" });
});

describe("status questions: what the model receives", () => {
  it("gets the asker's own passages compressed under the budget, after a cached prefix that does not change", async () => {
    const terms = await sentFor("PO-2024-11234", TOKENS.acme, "what are our payment terms?");
    expect(terms.retrieved.topic).toBe("term");
    expect(terms.retrieved.passages.map((p) => p.title)).toContain("Acme Industrial: Payment terms");
    expect(terms.retrieved.passages.every((p) => p.source === "contract:CTR-2024-001")).toBe(true);
    const tokens = terms.retrieved.passages.reduce((n, p) => n + passageTokens(p), 0);
    expect(tokens).toBeLessThanOrEqual(RETRIEVED_TOKEN_BUDGET);
    // Compressed: the payment clause's sentence about invoices on shipment says nothing of "payment terms".
    expect(terms.text).not.toContain("a partial shipment is invoiced for what shipped");
    expect(terms.text).not.toMatch(/Beta Industrial|Consolidated Mfg|Net 30|Net 60/);

    const returns = await sentFor("PO-2024-11234", TOKENS.acme, "what is the return window?");
    expect(returns.text).toContain("within 60 days of delivery");
    expect(returns.text).not.toContain("Net 45, payment due");
    expect(returns.system.at(-1)?.cache_control).toEqual({ type: "ephemeral" });
    expect(JSON.stringify(returns.system)).toBe(JSON.stringify(terms.system));
    expect(JSON.stringify(terms.system)).not.toContain("within 60 days of delivery");
  });

  it("never sends another customer's passage, and no part list of the whole catalog", async () => {
    const beta = await sentFor("PO-2024-11301", TOKENS.beta, "what is our restocking fee on returns?");
    expect(beta.retrieved.passages.length).toBeGreaterThan(0);
    expect(beta.retrieved.passages.every((p) => p.source === "contract:CTR-2024-002")).toBe(true);
    expect(beta.text).not.toMatch(/Acme Industrial|Consolidated Mfg/);
    const prompt = JSON.stringify(beta.system) + beta.text;
    expect(prompt).not.toContain("VLV-BL-4IN-SS316-300");
    expect(prompt.length).toBeLessThan(60_000);
  });
});
