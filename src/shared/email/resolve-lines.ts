import { z } from "zod";
import { type ProductResolution, resolveProduct, type SearchFn } from "../retrieval/resolve-product";

/** A line an extractor read as words: the phrase intake resolves, and what else was written on it. */
const WordedLine = z.looseObject({ phrase: z.string().min(1), qty: z.unknown() });

/** What became of one worded line: the record kept on the order (internal, never in a customer's view). */
export type LineResolution = {
  line: number;
  phrase: string;
  sku: string | null;
  confidence: number;
  reason: string;
};

export interface ResolvedLines {
  /** The PO with every line it could resolve carrying its SKU instead of its phrase. */
  purchase_order: Record<string, unknown>;
  resolutions: LineResolution[];
  /** Lines no part fitted surely enough: a person chooses, from these candidates (operations only). */
  unresolved: (LineResolution & { candidates: ProductResolution["candidates"] })[];
}

/**
 * Resolves the lines of an extracted PO that name products in words to SKUs through catalog
 * search (as the PO's customer). A sure match replaces the phrase with its SKU; any other line
 * keeps its phrase and is listed with its candidates for a person: nothing is guessed.
 */
export async function resolveWordedLines(
  purchaseOrder: Record<string, unknown>,
  search: SearchFn,
): Promise<ResolvedLines> {
  const lines = Array.isArray(purchaseOrder.line_items) ? purchaseOrder.line_items : [];
  const customerId = typeof purchaseOrder.customer_id === "string" ? purchaseOrder.customer_id : null;
  const resolutions: LineResolution[] = [];
  const unresolved: ResolvedLines["unresolved"] = [];
  const resolvedLines = await Promise.all(
    lines.map(async (item: unknown, line) => {
      const worded = WordedLine.safeParse(item);
      if (!worded.success || (item as Record<string, unknown>).sku !== undefined) return item;
      const { phrase, ...rest } = worded.data;
      const found = await resolveProduct(phrase, search, customerId);
      const record = { line, phrase, sku: found.sku, confidence: found.confidence, reason: found.reason };
      resolutions.push(record);
      if (found.sku === null) {
        unresolved.push({ ...record, candidates: found.candidates });
        return item;
      }
      return { sku: found.sku, ...rest };
    }),
  );
  resolutions.sort((a, b) => a.line - b.line);
  unresolved.sort((a, b) => a.line - b.line);
  return { purchase_order: { ...purchaseOrder, line_items: resolvedLines }, resolutions, unresolved };
}
