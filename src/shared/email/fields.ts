import type { CustomerDirectoryEntry } from "./email.schema";
import { DATE, parseDate } from "./values";

/**
 * A PO reference: "PO-2024-11234", "PO #2024-11234", "P.O. 2024-11234", "PO No. 2024-11234",
 * "Purchase order number: 2024-11234". Group 1 is the year part, group 2 the serial.
 */
export const PO_REFERENCE =
  /(?<![A-Za-z0-9])(?:P\.? ?O\.?|purchase[ \t]+order)(?:[ \t]*(?:#|no\.?|number|nr\.?|ref\.?))?(?:[ \t]*[-:#])*[ \t]*(\d{4})-(\d{4,6})(?!\d)/gi;

/** The distinct PO numbers in a text, normalised to `PO-YYYY-NNNN`, in order of appearance. */
export function findPoNumbers(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(PO_REFERENCE)) found.add(`PO-${m[1]}-${m[2]}`);
  return [...found];
}

/** How the customer was identified, or why it could not be. */
export type CustomerMatch =
  | { ok: true; customer_id: string; by: "domain" | "name"; evidence: string }
  | { ok: false; reason: string };

/** The domain and each parent with at least two labels: a.b.example, b.example. */
function domainAndParents(domain: string): string[] {
  const labels = domain.split(".");
  const out: string[] = [];
  for (let i = 0; i <= labels.length - 2; i++) out.push(labels.slice(i).join("."));
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Directory entries whose company name appears in the text as whole words, any case. */
export function namedCustomers(text: string, directory: readonly CustomerDirectoryEntry[]): CustomerDirectoryEntry[] {
  return directory.filter((entry) => {
    const words = entry.name
      .trim()
      .split(/\s+/)
      .filter((w) => w !== "")
      .map(escapeRegExp);
    if (words.length === 0) return false;
    return new RegExp(`(?<![A-Za-z0-9])${words.join("\\s+")}(?![A-Za-z0-9])`, "i").test(text);
  });
}

/** Directory entries that own the most specific matching domain of the sender. */
export function customersByDomain(
  domain: string | null,
  directory: readonly CustomerDirectoryEntry[],
): CustomerDirectoryEntry[] {
  if (!domain) return [];
  for (const candidate of domainAndParents(domain)) {
    const owners = directory.filter((e) => e.domains.some((d) => d.toLowerCase() === candidate));
    if (owners.length > 0) return owners;
  }
  return [];
}

/**
 * Identifies the customer: the sender's domain first, else a company named in the text.
 * A named company that differs from the domain's customer, or more than one candidate,
 * is not resolved: picking one would be a guess.
 */
export function resolveCustomer(
  domain: string | null,
  text: string,
  directory: readonly CustomerDirectoryEntry[],
): CustomerMatch {
  const byDomain = customersByDomain(domain, directory);
  const named = namedCustomers(text, directory);
  const namedList = named.map((e) => `${e.name} (${e.customer_id})`).join(", ");
  if (byDomain.length > 1) {
    return {
      ok: false,
      reason: `sender domain ${domain} belongs to more than one customer (${byDomain.map((e) => e.customer_id).join(", ")})`,
    };
  }
  const owner = byDomain[0];
  if (owner) {
    const others = named.filter((e) => e.customer_id !== owner.customer_id);
    if (others.length > 0) {
      return {
        ok: false,
        reason: `sender domain ${domain} is ${owner.customer_id} but the text names ${namedList}: the customer disagrees`,
      };
    }
    return { ok: true, customer_id: owner.customer_id, by: "domain", evidence: domain ?? "" };
  }
  const only = named[0];
  if (named.length === 1 && only) return { ok: true, customer_id: only.customer_id, by: "name", evidence: only.name };
  if (named.length > 1) return { ok: false, reason: `the text names more than one customer: ${namedList}` };
  return {
    ok: false,
    reason: `no customer: sender domain ${domain ?? "(none)"} is not a customer's and no customer company is named`,
  };
}

const ORDER_DATE_LABEL = String.raw`\b(?:(?:order|po|p\.o\.)\s+date|dated)`;
const DELIVERY_LABEL =
  String.raw`\b(?:deliver(?:ed|y)?\s+(?:by|on|before|no later than)|delivery\s+date` +
  String.raw`|(?:requested|required)\s+delivery(?:\s+date)?|needed\s+(?:by|on|before)|need(?:ed)?\s+it\s+by` +
  String.raw`|required\s+(?:by|on)|due\s+(?:by|on|date))`;
// Spaces and tabs only: a label never reaches across lines, and runs of blank lines stay linear.
const AFTER_LABEL = String.raw`[ \t]*(?:[:\-][ \t]*)?(?:on[ \t]+)?`;

/** An order-date label and its date, e.g. "Order date: 2024-10-01". Group 1 is the date. */
export const ORDER_DATE_PHRASE = new RegExp(`${ORDER_DATE_LABEL}${AFTER_LABEL}(${DATE})`, "gi");
/** A delivery-date label and its date, e.g. "Deliver by: Nov 1, 2024". Group 1 is the date. */
export const DELIVERY_DATE_PHRASE = new RegExp(`${DELIVERY_LABEL}${AFTER_LABEL}(${DATE})`, "gi");

/** What the text says about one date field. */
export type DateFinding = { value?: string; problem?: string };

/** The one date the text gives under a label; conflicting or impossible dates are a problem. */
export function findLabelledDate(text: string, phrase: RegExp, field: string): DateFinding {
  const values = new Set<string>();
  for (const m of text.matchAll(phrase)) {
    const written = m[1] ?? "";
    const iso = parseDate(written);
    if (iso === null) return { problem: `${field} "${written}" is not a calendar date` };
    values.add(iso);
  }
  if (values.size > 1) return { problem: `${field} is ambiguous: ${[...values].join(", ")}` };
  const [value] = values;
  return value === undefined ? {} : { value };
}

const FIELD_LABEL_WORDS = /\b(?:our|the|re|ref|reference|po|p\.o|purchase|order|number|no|nr|date|dated|subject)\b/gi;

/**
 * Whether a line only states fields read elsewhere (a PO number, an order or delivery date)
 * and so adds nothing to the notes. "Deliver by 2024-11-01 to dock 4" says more and is kept.
 */
export function isFieldOnlyLine(line: string): boolean {
  const stripped = line.replace(PO_REFERENCE, " ").replace(ORDER_DATE_PHRASE, " ").replace(DELIVERY_DATE_PHRASE, " ");
  if (stripped === line) return false;
  return stripped.replace(FIELD_LABEL_WORDS, " ").replace(/[\s.,;:!#()-]+/g, "") === "";
}
