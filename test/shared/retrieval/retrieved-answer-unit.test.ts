import { describe, expect, it } from "vitest";
import { planPromptCache } from "../../../src/shared/models/prompt-cache";
import { routeTask } from "../../../src/shared/models/router";
import { statusQueryRequest } from "../../../src/shared/prompts/task-requests";
import {
  answerFromRetrieved,
  classifyQuestion,
  retrievedContext,
} from "../../../src/shared/retrieval/retrieved-answer";
import { passage, product } from "../../fixtures/fake-search";

describe("classifyQuestion", () => {
  it("tells a price for a quantity, a contract term, a product and an order question apart", () => {
    expect(classifyQuestion("what would 120 of SKU-4892 cost?")).toEqual({ kind: "price", sku: "SKU-4892", qty: 120 });
    expect(classifyQuestion("How much for 1,200 x BRG-6205-2RS?")).toEqual({
      kind: "price",
      sku: "BRG-6205-2RS",
      qty: 1200,
    });
    expect(classifyQuestion("what are our payment terms?")).toEqual({ kind: "term" });
    expect(classifyQuestion("what is the return window?")).toEqual({ kind: "term" });
    expect(classifyQuestion("do you have 2in brass ball valves?")).toEqual({ kind: "product" });
    expect(classifyQuestion("where is my order?")).toEqual({ kind: "order" });
    expect(classifyQuestion("when will it arrive?")).toEqual({ kind: "order" });
    expect(classifyQuestion("Any discounts on my order?")).toEqual({ kind: "order" });
    expect(classifyQuestion("When is the delivery?")).toEqual({ kind: "order" });
  });
});

const RESULTS = [
  product("VLV-BL-2IN-BRS-NPT", "BALL VALVE 2IN BRASS FNPT", 0.04, { list_price: 48.25 }),
  passage(
    "CTR-2024-001",
    "Acme Industrial: Payment terms",
    "Payment terms for Acme Industrial: Net 45, payment due 45 days from the invoice date. Overdue balances may place new orders on credit hold.",
    0.03,
  ),
  passage("CTR-2024-001", "Acme Industrial: Returns", "Unused parts may be returned within 60 days.", 0.02),
];

describe("answerFromRetrieved", () => {
  it("answers a term from the asker's passage, compressed to the sentence that answers", () => {
    const { context, compression } = retrievedContext("what are our payment terms?", { kind: "term" }, RESULTS, null);
    expect(context.passages.map((p) => p.title)).toEqual(["Acme Industrial: Payment terms"]);
    expect(compression.dropped).toEqual(["contract:CTR-2024-001"]);
    expect(answerFromRetrieved(context)).toBe(
      "From your contract: Payment terms for Acme Industrial: Net 45, payment due 45 days from the invoice date.",
    );
  });

  it("answers a price for a quantity from the quote", () => {
    const quote = {
      sku: "SKU-4892",
      description: "Industrial Valve Assembly - 4 inch",
      qty: 120,
      unit_price: 480,
      price_source: "contract" as const,
      list_price: 595,
      total: 57_600,
    };
    const { context } = retrievedContext(
      "what would 120 of SKU-4892 cost?",
      { kind: "price", sku: "SKU-4892", qty: 120 },
      [],
      quote,
    );
    expect(answerFromRetrieved(context)).toBe(
      "120 x SKU-4892 (Industrial Valve Assembly - 4 inch) would cost $57,600.00: $480.00 each under your contract (list $595.00).",
    );
    const unknown = retrievedContext(
      "what would 3 of SKU-0001 cost?",
      { kind: "price", sku: "SKU-0001", qty: 3 },
      [],
      null,
    );
    expect(answerFromRetrieved(unknown.context)).toContain("could not find SKU-0001");
  });

  it("answers a product question with the parts found and their prices", () => {
    const { context } = retrievedContext("do you have 2in brass ball valves?", { kind: "product" }, RESULTS, null);
    expect(answerFromRetrieved(context)).toBe(
      "Yes, we carry: VLV-BL-2IN-BRS-NPT (BALL VALVE 2IN BRASS FNPT; BALL VALVE 2IN BRASS FNPT List price $48.25.)",
    );
  });
});

describe("statusQueryRequest with retrieved passages", () => {
  const digest = {
    customer: { customer_id: "CUST-001", name: "Acme Industrial", tier: "strategic" as const },
    contract: null,
    catalog: [],
  };
  const build = (question: string, topic: "term" | "product") => {
    const { context } = retrievedContext(question, { kind: topic }, RESULTS, null);
    const route = routeTask("status_query");
    const request = statusQueryRequest({
      digest,
      context: { order: {} },
      retrieved: context,
      question,
      po_number: "PO-1",
      interaction_id: "i",
    })(route);
    return { ...request, task: "status_query" as const, route };
  };

  it("puts the passages after the cached prefix, which stays byte-identical whatever was retrieved", () => {
    const a = build("what are our payment terms?", "term");
    const b = build("do you have 2in brass ball valves?", "product");
    const planA = planPromptCache(a);
    const planB = planPromptCache(b);
    expect(planA.breakpoints.length).toBeGreaterThan(0);
    expect(planA.breakpoints.map((p) => p.prefix)).toEqual(planB.breakpoints.map((p) => p.prefix));
    expect(JSON.stringify(a.system)).not.toContain("45 days from the invoice date");
    expect(String(a.messages[0]?.content)).toContain("45 days from the invoice date");
    expect(String(b.messages[0]?.content)).not.toContain("45 days from the invoice date");
  });
});
