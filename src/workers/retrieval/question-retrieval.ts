import { loadCatalog, loadContract } from "../../shared/db/reference-repository";
import { priceLine } from "../../shared/pricing";
import {
  type QuestionTopic,
  quoteOf,
  type RetrievedContext,
  retrievedContext,
} from "../../shared/retrieval/retrieved-answer";
import type { SearchFn } from "../../shared/retrieval/resolve-product";

/** How many results a question is answered from, before compression keeps the ones that matter. */
const QUESTION_K = 8;

/**
 * The facts a status question about a product, a price or a contract term is answered from:
 * the asking customer's own search results (their contract passages, never another's) compressed
 * to the token budget, and for a price the quantity priced as their order would be.
 */
export async function retrieveForQuestion(
  env: Env,
  search: SearchFn,
  asker: { customer_id: string; on_date: string },
  question: string,
  topic: Exclude<QuestionTopic, { kind: "order" }>,
): Promise<ReturnType<typeof retrievedContext>> {
  const q = topic.kind === "price" ? `${topic.sku} ${question}` : question;
  const response = await search({ q: q.slice(0, 500), customer_id: asker.customer_id, k: QUESTION_K });
  let quote: RetrievedContext["quote"] = null;
  if (topic.kind === "price") {
    const item = (await loadCatalog(env.DB, [topic.sku])).get(topic.sku);
    const contract = item ? await loadContract(env.DB, asker.customer_id, asker.on_date) : null;
    quote = item ? quoteOf(priceLine({ sku: topic.sku, qty: topic.qty }, item, contract, asker.on_date)) : null;
  }
  return retrievedContext(question, topic, response.results, quote);
}
