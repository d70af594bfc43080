import { describe, expect, it } from "vitest";
import { compressPassages, passageTokens, sentencesOf } from "../../../src/shared/retrieval/compress-context";

const RETURNS = {
  source: "contract:CTR-2024-001",
  title: "Acme Industrial: Returns",
  text:
    "Acme Industrial may return unused parts within 60 days of delivery. A restocking fee does not apply. " +
    "Custom builds cannot be returned. Credit is issued to the account within 10 business days.",
};
const PAYMENT = {
  source: "contract:CTR-2024-001",
  title: "Acme Industrial: Payment terms",
  text: "Payment terms for Acme Industrial: Net 45, payment due 45 days from the invoice date. Overdue balances may place new orders on credit hold.",
};
const MOTOR = {
  source: "product:SKU-3300",
  title: "Hydraulic Pump Motor - 15HP",
  text: "Hydraulic Pump Motor - 15HP. List price $3200.00.",
};

describe("sentencesOf", () => {
  it("splits at sentence ends, not inside prices or decimals", () => {
    expect(sentencesOf("List $3,200.00 each. Net 45. 1.5in fits")).toEqual([
      "List $3,200.00 each.",
      "Net 45.",
      "1.5in fits",
    ]);
  });
});

describe("compressPassages", () => {
  it("keeps the passages that share the question's words, most relevant first, and drops the rest", () => {
    const out = compressPassages("what is the return window for unused parts?", [PAYMENT, MOTOR, RETURNS], 500);
    expect(out.passages.map((p) => p.title)).toEqual(["Acme Industrial: Returns"]);
    // Only the sentence that answers: the fee, custom builds and credit say nothing of the question's words.
    expect(out.passages[0]?.text).toBe("Acme Industrial may return unused parts within 60 days of delivery.");
    expect(out.dropped).toEqual(["contract:CTR-2024-001", "product:SKU-3300"]);
  });

  it("stays within the token budget by whole sentences, counted with the model layer's estimator", () => {
    const question = "return returns payment invoice unused parts credit";
    const whole = compressPassages(question, [RETURNS, PAYMENT], 10_000);
    expect(whole.passages).toHaveLength(2);
    const budget = passageTokens(whole.passages[0]!) + 5;
    const cut = compressPassages(question, [RETURNS, PAYMENT], budget);
    expect(cut.tokens).toBeLessThanOrEqual(budget);
    expect(cut.tokens).toBe(cut.passages.reduce((n, p) => n + passageTokens(p), 0));
    for (const p of cut.passages)
      for (const s of sentencesOf(p.text)) expect(`${RETURNS.text} ${PAYMENT.text}`).toContain(s);
    expect(compressPassages(question, [RETURNS, PAYMENT], 3).passages).toEqual([]);
  });

  it("gives the same context for the same input, byte for byte", () => {
    const a = compressPassages("payment terms?", [RETURNS, PAYMENT], 200);
    const b = compressPassages("payment terms?", [RETURNS, PAYMENT], 200);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.passages[0]?.title).toBe("Acme Industrial: Payment terms");
  });
});
