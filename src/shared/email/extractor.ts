import {
  senderDomain,
  type CustomerDirectoryEntry,
  type EmailExtraction,
  type InboundEmail,
  type PurchaseOrderExtractor,
} from "./email.schema";
import {
  DELIVERY_DATE_PHRASE,
  ORDER_DATE_PHRASE,
  findLabelledDate,
  findPoNumbers,
  isFieldOnlyLine,
  resolveCustomer,
} from "./fields";
import { scanLineItems, skuTokens, type ExtractedLine } from "./line-items";
import { messageText } from "./message-text";
import { scanProductPhrases } from "./product-phrases";

const NOTES_MAX = 10_000;
const AUTO_REPLY_SUBJECT = /^\s*(?:automatic reply|auto[- ]?reply|autoreply|out of (?:the )?office)\b/i;
/** Order-like quantities without a SKU: "Qty: 5", "50 x valves", "20 units". */
const QUANTITY_HINT =
  /\b(?:qty|quantity)\b[ \t]*(?:[:=#][ \t]*)?-?\d|(?<![\w.,])\d[\d,]*(?:\.\d+)?[ \t]*[x×][ \t]+\S|(?<![\w.,])\d[\d,]*[ \t]+(?:pcs|pieces|units)\b/i;

/** The directory the e-mail channel matches senders against, built from customer records. */
export function directoryFromCustomers(
  customers: readonly { customer_id: string; name: string; contact_email: string }[],
): CustomerDirectoryEntry[] {
  return customers.map((c) => {
    const domain = senderDomain(c.contact_email);
    return { customer_id: c.customer_id, name: c.name, domains: domain ? [domain] : [] };
  });
}

function isPositiveWhole(n: number): boolean {
  return Number.isInteger(n) && n > 0;
}

/** The portal-shaped line: only what was read, in §5.1 field order. */
function portalLine(item: ExtractedLine): Record<string, unknown> {
  return {
    sku: item.sku,
    ...(item.qty !== undefined ? { qty: item.qty } : {}),
    ...(item.unit_price !== undefined ? { unit_price: item.unit_price } : {}),
  };
}

/** What a line tells intake: gaps that stop extraction, and remarks that do not. */
function reviewLines(items: readonly ExtractedLine[], gaps: string[], reasons: string[], remarks: string[]): void {
  items.forEach((item, i) => {
    const at = `line_items[${i}]`;
    if (item.qty_problem !== undefined) {
      gaps.push(`${at}.qty`);
      reasons.push(`${at} (${item.sku}): ${item.qty_problem}`);
    } else if (item.qty !== undefined && !isPositiveWhole(item.qty)) {
      remarks.push(`${at}.qty ${item.qty} is not a whole number above 0; kept as written`);
    }
    if (item.price_problem !== undefined) {
      gaps.push(`${at}.unit_price`);
      reasons.push(`${at} (${item.sku}): ${item.price_problem}`);
    }
    if (!/^SKU-\d{4}$/.test(item.sku))
      remarks.push(`${at}.sku ${item.sku} is not "SKU-" and 4 digits; kept as written`);
  });
}

function unreadable(reason: string): EmailExtraction {
  return { kind: "unreadable", reason };
}

/**
 * Reads a §5.1 purchase order out of an e-mail by rules alone. It never fills a gap by
 * guessing: a PO with something missing or contradictory comes back `incomplete` for human
 * intake, and mail that is no PO at all comes back `unreadable`.
 */
export function extractPurchaseOrder(
  email: InboundEmail,
  directory: readonly CustomerDirectoryEntry[],
): EmailExtraction {
  const { lines, signature } = messageText(email.body);
  const content = lines.join("\n");
  const subject = email.subject.trim();
  const poNumbers = findPoNumbers(`${subject}\n${content}`);
  const skus = skuTokens(content);
  const scan = scanLineItems(lines);
  const worded = scanProductPhrases(lines, scan.used);

  if (AUTO_REPLY_SUBJECT.test(subject)) return unreadable("an automatic reply, not a purchase order");
  if (poNumbers.length === 0 && skus.length === 0 && worded.length === 0 && !QUANTITY_HINT.test(content)) {
    if (content.trim() === "" && subject === "") return unreadable("the message is empty: not a purchase order");
    return unreadable("no PO number, SKU or quantity found: not a purchase order");
  }

  const gaps: string[] = [];
  const reasons: string[] = [];
  const remarks: string[] = [];
  const po: Record<string, unknown> = {};

  const [poNumber] = poNumbers;
  if (poNumbers.length === 1 && poNumber) po.po_number = poNumber;
  else {
    gaps.push("po_number");
    reasons.push(
      poNumbers.length === 0 ? "no PO number" : `ambiguous: more than one PO number (${poNumbers.join(", ")})`,
    );
  }

  const domain = senderDomain(email.from);
  const customer = resolveCustomer(domain, [subject, content, ...signature].join("\n"), directory);
  if (customer.ok) {
    po.customer_id = customer.customer_id;
    remarks.push(
      customer.by === "domain"
        ? `customer ${customer.customer_id} by sender domain ${customer.evidence}`
        : `customer ${customer.customer_id} by company name "${customer.evidence}" only; sender domain ${domain ?? "(none)"} is not a customer's`,
    );
  } else {
    gaps.push("customer");
    reasons.push(customer.reason);
  }

  if (scan.items.length === 0 && worded.length === 0) {
    gaps.push("line_items");
    reasons.push("no line items (SKU with a quantity) found");
  }
  // Products named in words keep their phrase: intake resolves each to a SKU through catalog search.
  po.line_items = [...scan.items.map(portalLine), ...worded.map((w) => ({ phrase: w.phrase, qty: w.qty }))];
  reviewLines(scan.items, gaps, reasons, remarks);
  if (worded.length > 0) remarks.push(`${worded.length} line(s) name products in words; catalog search resolves them`);
  const usedLines = new Set([...scan.used, ...worded.map((w) => w.line)]);

  for (const [field, phrase] of [
    ["order_date", ORDER_DATE_PHRASE],
    ["requested_delivery_date", DELIVERY_DATE_PHRASE],
  ] as const) {
    const found = findLabelledDate(content, phrase, field);
    if (found.value !== undefined) po[field] = found.value;
    if (found.problem !== undefined) {
      gaps.push(field);
      reasons.push(found.problem);
    }
  }

  const noteLines = lines.filter((line, i) => line !== "" && !usedLines.has(i) && !isFieldOnlyLine(line));
  let notes = noteLines.join("\n").trim();
  if (notes.length > NOTES_MAX) {
    notes = notes.slice(0, NOTES_MAX);
    remarks.push(`notes cut to ${NOTES_MAX} characters`);
  }
  if (notes !== "") po.notes = notes;

  if (gaps.length > 0) return { kind: "incomplete", partial: po, gaps, reason: reasons.join("; ") };

  const pricesMissing = worded.length > 0 || scan.items.some((item) => item.unit_price === undefined);
  if (pricesMissing) remarks.push("unit price missing on some lines; contract prices will apply");
  // Tenths keep the score exact (0.6, not 0.6000000000000001).
  const confidence = (10 - (customer.ok && customer.by === "name" ? 2 : 0) - (pricesMissing ? 2 : 0)) / 10;
  return { kind: "extracted", purchase_order: po, confidence, notes: remarks };
}

/** The rule-based extractor: works with no model key, and is the fallback when the model layer is off. */
export const deterministicExtractor: PurchaseOrderExtractor = {
  name: "deterministic",
  extract: (email, directory) => Promise.resolve(extractPurchaseOrder(email, directory)),
};

/** The model layer's extractor when it is configured, else the deterministic one. */
export function selectExtractor(modelExtractor?: PurchaseOrderExtractor | null): PurchaseOrderExtractor {
  return modelExtractor ?? deterministicExtractor;
}
