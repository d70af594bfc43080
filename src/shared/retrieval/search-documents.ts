import type { CatalogItem } from "../schemas/reference.schema";
import type { ContractPassage } from "./catalog.schema";
import { normalizedText } from "./normalize";

/**
 * What the search indexes: each catalog part and each contract passage as one document. The id
 * is the key in FTS5, in the vector index (at most 64 bytes, as Vectorize asks) and in the labelled
 * query set's judgments: `p:<sku>` for a part, `c:<passage_id>` for a passage.
 */
export interface SearchDocument {
  id: string;
  kind: "product" | "contract_passage";
  sku?: string;
  contract_id?: string;
  /** Set on a passage: the only customer it may ever be returned to. */
  customer_id?: string;
  title: string;
  text: string;
  /** The part number's normalized tokens (FTS5 column `code`, weighted above `body`); '' for a passage. */
  code: string;
  /** The normalized tokens of the description or passage (FTS5 column `body`), space-separated. */
  body: string;
}

export const partDocumentId = (sku: string): string => `p:${sku}`;
export const passageDocumentId = (passageId: string): string => `c:${passageId}`;

/**
 * A part as a document: its number and description, so a buyer can name either. The number is a
 * column of its own: it states the part's kind, size, material and rating in the same few fields for
 * every part, where descriptions vary in length and leave attributes out (see `BM25_WEIGHTS`).
 */
export function partDocument(part: CatalogItem): SearchDocument {
  const text = [part.description, part.notes].filter((s) => s.length > 0).join(". ");
  return {
    id: partDocumentId(part.sku),
    kind: "product",
    sku: part.sku,
    title: part.description,
    text,
    code: normalizedText(part.sku),
    body: normalizedText(part.description),
  };
}

export function passageDocument(passage: ContractPassage): SearchDocument {
  return {
    id: passageDocumentId(passage.passage_id),
    kind: "contract_passage",
    contract_id: passage.contract_id,
    customer_id: passage.customer_id,
    title: passage.title,
    text: passage.text,
    code: "",
    body: normalizedText(`${passage.title} ${passage.text}`),
  };
}

/** The text a document is embedded from: number, title and text, as buyers name parts. */
export const embeddingText = (document: SearchDocument): string =>
  `${document.sku ?? ""} ${document.title} ${document.text}`;

/** Vector namespaces: every part in one, each customer's passages in its own, so a query reads only what the asker may see. */
export const PARTS_NAMESPACE = "parts";
export const passageNamespace = (customerId: string): string => `customer:${customerId}`;
export const namespaceOf = (document: SearchDocument): string =>
  document.customer_id !== undefined ? passageNamespace(document.customer_id) : PARTS_NAMESPACE;
