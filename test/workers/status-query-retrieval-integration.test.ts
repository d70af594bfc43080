import { describe, expect, it } from "vitest";
import { api, TOKENS } from "../fixtures/api";

/** Asks a question about a seeded order as its own customer and answers the `answer` text. */
async function answerTo(po: string, token: string, question: string): Promise<string> {
  const res = await api(`/v1/orders/${po}/status-query`, { method: "POST", token, json: { question } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { answer: string | null };
  return body.answer ?? "";
}

describe("POST /v1/orders/:po/status-query: questions answered from retrieved passages", () => {
  it("answers a contract term from the asker's own contract, never another customer's", async () => {
    const acme = await answerTo("PO-2024-11234", TOKENS.acme, "what are our payment terms?");
    expect(acme).toContain("Net 45");
    expect(acme).not.toMatch(/Beta|Consolidated|Net 30|Net 60/);
    const beta = await answerTo("PO-2024-11301", TOKENS.beta, "what are our payment terms?");
    expect(beta).toContain("Net 30");
    expect(beta).not.toMatch(/Acme|Consolidated|Net 45/);
    const returns = await answerTo("PO-2024-11602", TOKENS.consolidated, "what is the return window?");
    expect(returns).toContain("within 45 days of delivery");
    expect(returns).not.toContain("Net 60");
  });

  it("prices a quantity by the asker's contract tier", async () => {
    expect(await answerTo("PO-2024-11234", TOKENS.acme, "what would 120 of SKU-4892 cost?")).toBe(
      "120 x SKU-4892 (Industrial Valve Assembly - 4 inch) would cost $57,600.00: $480.00 each under your contract (list $595.00).",
    );
    expect(await answerTo("PO-2024-11301", TOKENS.beta, "what would 120 of SKU-4892 cost?")).toContain(
      "would cost $71,400.00: $595.00 each at list price",
    );
  });

  it("answers a product question with parts from the catalog search", async () => {
    const answer = await answerTo("PO-2024-11234", TOKENS.acme, "do you have 2in brass ball valves?");
    expect(answer).toMatch(/^Yes, we carry: VLV-BL-2IN-BRS/);
  });
});
