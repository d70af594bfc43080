import { PO_REFERENCE } from "./fields";
import { DATE, NUMBER, parseNumber, trailingWordsNumber } from "./values";

/** One line item as read from the text; qty or price is absent when it could not be read. */
export interface ExtractedLine {
  sku: string;
  qty?: number;
  unit_price?: number;
  /** Why there is no qty: none written, or more than one. */
  qty_problem?: string;
  /** Why there is no unit price although one was written: more than one, or unreadable. */
  price_problem?: string;
  /** Index of the message line it came from. */
  line: number;
}

/** The line items of a message and the message lines they (and table headers) used up. */
export interface LineScan {
  items: ExtractedLine[];
  used: Set<number>;
}

/** "SKU-4892", also "SKU 4892", "sku#4892"; the digits are kept as written, however many. */
const SKU_TOKEN = /(?<![A-Za-z0-9])SKU\s?[-#]?\s?(\d+)(?!\d)/gi;
const MARK = "§SKU§";
const N = `(${NUMBER})`;
const CONNECTOR = String.raw`(?:x|×|\*|pcs\.?|pieces?|units?|ea\.?|nos?\.?)`;
// Bounded so a long run of letters costs linear time, not quadratic.
const WORDS = String.raw`\b((?:[a-z]{1,20}[\s-]){0,3}[a-z]{1,20})`;

const QTY_PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`\b(?:qty|quantity|qnty|qtty)\b\.?\s*(?:[:=#]|-(?=\s))?\s*${N}`, "gi"),
  // Not after "$" or "@": "$480 SKU-4892" names a price, not a quantity.
  new RegExp(String.raw`(?<![$@]\s*)${N}\s*(?:${CONNECTOR}\s*)?(?:of\s+)?(?:the\s+)?${MARK}`, "gi"),
  new RegExp(String.raw`${MARK}\s*(?:[-:,(]\s*)?(?:x|×|\*)\s*${N}`, "gi"),
  new RegExp(String.raw`${MARK}\s*(?:[-:,(]\s*)?${N}\s*(?:pcs\b|pieces?\b|units?\b|ea\b|nos?\b)`, "gi"),
];
/** "fifty (50) units of SKU-…": the digits, and the words when they spell a number. */
const QTY_PARENTHESISED = new RegExp(
  String.raw`(?:${WORDS}\s*)?\(\s*${N}\s*\)\s*(?:${CONNECTOR}\s*)?(?:of\s+)?${MARK}`,
  "gi",
);
/** "fifty units of SKU-…" with no digits at all. */
const QTY_WORDS = new RegExp(String.raw`${WORDS}\s+(?:x|units?\s+of|pcs\s+of|pieces\s+of)\s+${MARK}`, "gi");

const MARKED_PRICES: readonly RegExp[] = [
  new RegExp(String.raw`(?:\bat\b|@)\s*(?:usd\s*)?\$?\s*${N}`, "gi"),
  new RegExp(String.raw`\b(?:unit\s+price|price|unit\s+cost|cost|rate)\b\s*(?:[:=]\s*)?(?:usd\s*)?\$?\s*${N}`, "gi"),
  new RegExp(String.raw`${N}\s*(?:\/\s*(?:ea|each|unit|pcs?|piece)|per\s+(?:unit|piece|pcs?|ea|each))\b`, "gi"),
];
const BARE_PRICES: readonly RegExp[] = [
  new RegExp(String.raw`(?:\$|\busd\s*)\s*${N}`, "gi"),
  new RegExp(String.raw`${N}\s*(?:usd|dollars)\b`, "gi"),
];
const TOTAL_BEFORE = /(?:total|subtotal|ext\.?|extended|amount|=)\s*[:=]?\s*(?:usd\s*)?\$?\s*$/i;
const TOTAL_AFTER = /^\s*(?:total|in total)\b/i;

const DATE_G = new RegExp(DATE, "gi");

/** Every SKU token in a text, normalised to "SKU-" and its digits. */
export function skuTokens(text: string): string[] {
  return [...text.matchAll(SKU_TOKEN)].map((m) => `SKU-${m[1]}`);
}

function distinct(values: readonly number[]): number[] {
  return [...new Set(values)];
}

/** Values a set of patterns find in the text, skipping amounts marked as line totals. */
function valuesOf(text: string, patterns: readonly RegExp[], skipTotals: boolean): number[] {
  const out: number[] = [];
  for (const pattern of patterns) {
    for (const m of text.matchAll(pattern)) {
      const at = m.index ?? 0;
      const end = at + m[0].length;
      if (
        skipTotals &&
        (TOTAL_BEFORE.test(text.slice(Math.max(0, at - 16), at)) || TOTAL_AFTER.test(text.slice(end, end + 12)))
      )
        continue;
      out.push(parseNumber(m[1] ?? ""));
    }
  }
  return out;
}

function quantityOf(masked: string): number[] {
  const found = valuesOf(masked, QTY_PATTERNS, false);
  for (const m of masked.matchAll(QTY_PARENTHESISED)) {
    found.push(parseNumber(m[2] ?? ""));
    const spelled = m[1] === undefined ? null : trailingWordsNumber(m[1]);
    if (spelled !== null) found.push(spelled);
  }
  for (const m of masked.matchAll(QTY_WORDS)) {
    const spelled = trailingWordsNumber(m[1] ?? "");
    if (spelled !== null) found.push(spelled);
  }
  return distinct(found);
}

function priceOf(masked: string): { price?: number; problem?: string } {
  const marked = distinct(valuesOf(masked, MARKED_PRICES, true));
  const candidates = marked.length > 0 ? marked : distinct(valuesOf(masked, BARE_PRICES, true));
  if (candidates.length > 1) return { problem: `more than one unit price (${candidates.join(", ")})` };
  const [price] = candidates;
  return price === undefined ? {} : { price };
}

function lineFrom(
  sku: string,
  line: number,
  qtys: readonly number[],
  price: { price?: number; problem?: string },
): ExtractedLine {
  const item: ExtractedLine = { sku, line };
  const [qty] = qtys;
  if (qtys.length === 1 && qty !== undefined) item.qty = qty;
  else item.qty_problem = qtys.length === 0 ? "no quantity" : `more than one quantity (${qtys.join(", ")})`;
  if (price.price !== undefined) item.unit_price = price.price;
  if (price.problem !== undefined) item.price_problem = price.problem;
  return item;
}

/** Reads one free-text segment holding SKU tokens: its own qty and price, or why not. */
function readSegment(segment: string, line: number): ExtractedLine[] {
  const skus = skuTokens(segment);
  if (skus.length > 1) {
    return skus.map((sku) => ({ sku, line, qty_problem: "several SKUs share one phrase" }));
  }
  const masked = segment.replace(SKU_TOKEN, ` ${MARK} `).replace(PO_REFERENCE, " ").replace(DATE_G, " ");
  return skus.map((sku) => lineFrom(sku, line, quantityOf(masked), priceOf(masked)));
}

/** Splits a line naming several SKUs into one phrase per SKU ("50 x A at $1, 20 x B at $2"). */
function segmentsOf(line: string): string[] {
  if (skuTokens(line).length <= 1) return [line];
  const segments: string[] = [];
  let current = "";
  let currentHasSku = false;
  for (const piece of line.split(/;|,\s+|\s+and\s+|\s+&\s+/i)) {
    const hasSku = skuTokens(piece).length > 0;
    if (hasSku && currentHasSku) {
      segments.push(current);
      current = piece;
    } else {
      current = current === "" ? piece : `${current}, ${piece}`;
      currentHasSku ||= hasSku;
    }
  }
  if (current !== "") segments.push(current);
  return segments;
}

interface TableHeader {
  width: number;
  qty: number;
  price: number | undefined;
}

function cellsOf(line: string): string[] {
  const cells = line.split("|").map((c) => c.trim());
  if (cells[0] === "") cells.shift();
  if (cells[cells.length - 1] === "") cells.pop();
  return cells;
}

function headerOf(cells: readonly string[]): TableHeader | null {
  if (cells.some((c) => skuTokens(c).length > 0)) return null;
  const qty = cells.findIndex((c) => /^(?:qty|quantity|qnty|units|ordered)\b/i.test(c));
  const item = cells.findIndex((c) => /\b(?:sku|item|part|product)\b/i.test(c));
  if (qty < 0 || item < 0) return null;
  const price = cells.findIndex((c) => /\b(?:price|rate|cost|each)\b/i.test(c) && !/\b(?:total|amount|ext)/i.test(c));
  return { width: cells.length, qty, price: price < 0 ? undefined : price };
}

const CELL_NUMBER = new RegExp(String.raw`^(?:usd\s*)?\$?\s*${N}\s*(?:usd|ea|each|\/\s*ea|pcs|units?)?$`, "i");

function cellNumber(cell: string): number | null {
  const m = CELL_NUMBER.exec(cell);
  return m ? parseNumber(m[1] ?? "") : null;
}

/** A table row: by the header's columns when it has one, else SKU then qty then price. */
function readRow(cells: readonly string[], header: TableHeader | null, line: number): ExtractedLine[] {
  const skuCells = cells.filter((c) => skuTokens(c).length > 0);
  const skus = cells.flatMap((c) => skuTokens(c));
  if (skuCells.length !== 1 || skus.length !== 1) {
    return skus.map((sku) => ({ sku, line, qty_problem: "several SKUs share one table row" }));
  }
  const sku = skus[0] as string;
  if (header && header.width === cells.length) {
    const qty = cellNumber(cells[header.qty] ?? "");
    const priceCell = header.price === undefined ? "" : (cells[header.price] ?? "");
    const price = cellNumber(priceCell);
    const readPrice =
      priceCell === "" ? {} : price === null ? { problem: `unit price "${priceCell}" is not a number` } : { price };
    return [lineFrom(sku, line, qty === null ? [] : [qty], readPrice)];
  }
  const skuAt = cells.findIndex((c) => skuTokens(c).length > 0);
  const numbers = cells
    .slice(skuAt + 1)
    .map(cellNumber)
    .filter((n): n is number => n !== null);
  const [qty, price] = numbers;
  const readPrice =
    numbers.length > 2
      ? { problem: `more than one unit price (${numbers.slice(1).join(", ")})` }
      : price === undefined
        ? {}
        : { price };
  return [lineFrom(sku, line, qty === undefined ? [] : [qty], readPrice)];
}

/**
 * Finds the line items in a message's lines: free-text phrases ("50 x SKU-4892 at $480",
 * "Qty: 50, Item: SKU-4892, Price: $480.00") and `|`-separated tables. Nothing is inferred:
 * a SKU whose quantity is missing or contradictory comes back with `qty_problem`.
 */
export function scanLineItems(lines: readonly string[]): LineScan {
  let items: ExtractedLine[] = [];
  const used = new Set<number>();
  let header: TableHeader | null = null;
  lines.forEach((line, i) => {
    // Blank lines do not end a table: HTML mail leaves them between rows.
    if (line !== "" && !line.includes("|")) header = null;
    if (line.includes("|")) {
      if (/^[|\s:+-]+$/.test(line) && line.includes("-")) {
        used.add(i);
        return;
      }
      const cells = cellsOf(line);
      const found = headerOf(cells);
      if (found) {
        header = found;
        used.add(i);
        return;
      }
      if (skuTokens(line).length === 0) return;
      items.push(...readRow(cells, header, i));
      used.add(i);
      return;
    }
    if (skuTokens(line).length === 0) return;
    for (const segment of segmentsOf(line)) items.push(...readSegment(segment, i));
    used.add(i);
  });
  // A SKU named again without a quantity ("ship SKU-4892 first") is a remark, not a line.
  const ordered = new Set(items.filter((it) => it.qty !== undefined).map((it) => it.sku));
  items = items.filter((it) => !(it.qty_problem === "no quantity" && ordered.has(it.sku)));
  const itemLines = new Set(items.map((it) => it.line));
  for (const i of [...used]) {
    if (skuTokens(lines[i] ?? "").length > 0 && !itemLines.has(i)) used.delete(i);
  }
  return { items, used };
}
