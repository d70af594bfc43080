import { z } from "zod";
import { isProductPhrase } from "../email/product-phrases";
import { roundUsd } from "../money";
import type { PricedLine } from "../pricing";
import { type CompressedContext, type ContextPassage, compressPassages } from "./compress-context";
import { normalize } from "./normalize";
import type { SearchResult } from "./search-result";

/** What a status question asks about: the order itself, a contract term, a product, or a price for a quantity. */
export type QuestionTopic =
  | { kind: "order" }
  | { kind: "term" }
  | { kind: "product" }
  | { kind: "price"; sku: string; qty: number };

/** Tokens model context may spend on retrieved passages: enough for two or three contract clauses. */
export const RETRIEVED_TOKEN_BUDGET = 300;

const PRICE_ASK = /\b(?:cost|costs|price|priced|pricing|quote|how much|charge)\b/i;
const PRICE_FOR_QTY =
  /\b(\d[\d,]*)\s*(?:x\s*|(?:units?|pcs|pieces|ea)\s+(?:of\s+)?|of\s+(?:the\s+)?)?(SKU[-\s#]?\d+|[A-Z0-9]+(?:[-./][A-Z0-9]+)+)/i;
const TERM_WORDS = new Set(
  (
    "payment pay net term terms return returns returned window restocking refund sla " +
    "substitution substitute warranty discount contract tier"
  ).split(" "),
);
/** "Any discounts on my order?" asks about the order, whatever words it uses. */
const ORDER_REFERENCE = /\b(?:my|this|that|the|our)\s+(?:order|po|purchase order|shipment|delivery|invoice)\b|\bPO-\d/i;
const PRODUCT_ASK = /\b(?:do you (?:have|carry|sell|stock)|have you got|in stock|available|availability|carry)\b/i;

/** The part number a price question names, as the catalog spells `SKU-` numbers. */
const partNumber = (raw: string): string => {
  const sku = /^SKU[-\s#]?(\d+)$/i.exec(raw);
  return sku ? `SKU-${sku[1]}` : raw.toUpperCase();
};

/**
 * What a status question is about, by rules: "what would 120 of SKU-4892 cost?" is a price
 * for a quantity, "what are our payment terms?" a contract term, "do you have 2in brass ball
 * valves?" a product; anything else, and a term asked of this order ("any discount on my order?"),
 * is about the order and needs no retrieval.
 */
export function classifyQuestion(question: string): QuestionTopic {
  const priced = PRICE_ASK.test(question) ? PRICE_FOR_QTY.exec(question) : null;
  if (priced?.[1] && priced[2])
    return { kind: "price", sku: partNumber(priced[2]), qty: Number(priced[1].replace(/,/g, "")) };
  if (PRODUCT_ASK.test(question) && isProductPhrase(question)) return { kind: "product" };
  if (!ORDER_REFERENCE.test(question) && normalize(question).some((t) => TERM_WORDS.has(t))) return { kind: "term" };
  return { kind: "order" };
}

/** Where a retrieved result came from, as the model and the offline answer read it. */
export const productSource = (sku: string): string => `product:${sku}`;
export const contractSource = (contractId: string): string => `contract:${contractId}`;

/** A search result as context: a part with its prices for the asker, or a passage of their contract. */
export function resultPassage(result: SearchResult): ContextPassage {
  if (result.kind === "product" && result.sku) {
    const prices = [
      result.list_price !== undefined ? `List price $${result.list_price.toFixed(2)}.` : "",
      result.contract_price !== undefined ? `Your contract price $${result.contract_price.toFixed(2)}.` : "",
    ].filter(Boolean);
    return { source: productSource(result.sku), title: result.title, text: [result.text, ...prices].join(" ").trim() };
  }
  return { source: contractSource(result.contract_id ?? "contract"), title: result.title, text: result.text };
}

/** A quantity priced for the asker by the function that prices their orders. */
export const Quote = z.object({
  sku: z.string(),
  description: z.string(),
  qty: z.number(),
  unit_price: z.number(),
  price_source: z.enum(["contract", "list"]),
  list_price: z.number(),
  total: z.number(),
});
export type Quote = z.infer<typeof Quote>;

export const quoteOf = (line: PricedLine): Quote => ({
  sku: line.sku,
  description: line.description,
  qty: line.qty,
  unit_price: line.charged_price,
  price_source: line.price_source,
  list_price: line.list_price,
  total: roundUsd(line.charged_price * line.qty),
});

/** The retrieved facts a status answer is given, after the stable prefix: tagged `retrieved` in the prompt. */
export const RetrievedContext = z.object({
  topic: z.enum(["term", "product", "price"]),
  /** The part a price question names, or null when the catalog has no such part. */
  quote: Quote.nullable().optional(),
  asked_sku: z.string().optional(),
  passages: z.array(z.object({ source: z.string(), title: z.string(), text: z.string() })),
});
export type RetrievedContext = z.infer<typeof RetrievedContext>;

/** The asker's retrieved results compressed for the question, with the quote when it asked a price. */
export function retrievedContext(
  question: string,
  topic: Exclude<QuestionTopic, { kind: "order" }>,
  results: readonly SearchResult[],
  quote: Quote | null,
  budgetTokens = RETRIEVED_TOKEN_BUDGET,
): { context: RetrievedContext; compression: Omit<CompressedContext, "passages"> } {
  const wanted = results.filter((r) => (topic.kind === "term" ? r.kind === "contract_passage" : true));
  const { passages, tokens, dropped } = compressPassages(question, wanted.map(resultPassage), budgetTokens);
  return {
    context: { topic: topic.kind, ...(topic.kind === "price" ? { quote, asked_sku: topic.sku } : {}), passages },
    compression: { tokens, dropped },
  };
}

const usd = (n: number): string =>
  `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const FOLLOW_UP = "our operations team will follow up.";

/** The rule-based answer from retrieved facts alone: what the offline provider and every fallback say. */
export function answerFromRetrieved(context: RetrievedContext): string {
  if (context.topic === "price") {
    const q = context.quote;
    if (!q) return `I could not find ${context.asked_sku ?? "that part"} in our catalog; ${FOLLOW_UP}`;
    const basis = q.price_source === "contract" ? `under your contract (list ${usd(q.list_price)})` : "at list price";
    return `${q.qty} x ${q.sku} (${q.description}) would cost ${usd(q.total)}: ${usd(q.unit_price)} each ${basis}.`;
  }
  if (context.topic === "product") {
    const parts = context.passages.filter((p) => p.source.startsWith("product:")).slice(0, 3);
    if (!parts.length) return `I could not find a matching part in our catalog; ${FOLLOW_UP}`;
    const listed = parts.map((p) => `${p.source.slice("product:".length)} (${p.title}; ${p.text})`);
    return `Yes, we carry: ${listed.join("; ")}`;
  }
  const [top] = context.passages;
  return top ? `From your contract: ${top.text}` : `I could not find that in your contract; ${FOLLOW_UP}`;
}
