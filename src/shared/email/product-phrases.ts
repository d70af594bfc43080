import { normalize } from "../retrieval/normalize";
import { PO_REFERENCE } from "./fields";
import { skuTokens } from "./line-items";
import { DATE } from "./values";

/** A product named in words or by a supplier part number, with the quantity written beside it. */
export interface PhraseLine {
  qty: number;
  phrase: string;
  /** Index of the message line it came from. */
  line: number;
}

const QTY = String.raw`(\d{1,6})(?![\d.,/"'])`;
const CONNECTOR = String.raw`(?:x|×|\*|pcs\.?|pieces?|units?|ea\.?|nos?\.?|each)`;
/** A phrase ends at a price, a date or a clause: "60 of the 4-inch valves at $480 by Friday". */
const PHRASE = String.raw`([^,;:()\n]*?[a-z][^,;:()\n]*?)`;
const PHRASE_END = String.raw`(?=\s*(?:[,;.]\s|[,;.]?$|\s(?:at|@|for|by|to|please|delivered|shipped|asap|urgently|today|tomorrow|thanks|soon)\b|\s*[@$]))`;
const TRAILING_QTY = String.raw`\s*(?:[-,;:(]\s*)?(?:(?:x|×|\*)\s*${QTY}|(?:qty|quantity)\.?\s*[:=#]?\s*${QTY}|${QTY}\s*${CONNECTOR}\b)`;

/** Where a leading quantity may stand: the line's start (after a bullet) or after a verb of ordering. */
const LEAD = String.raw`(?:^[\s\-*•]*|\b(?:ship|send|order|need|want|supply|book|add|and|also)\s+)`;

const PATTERNS: readonly { re: RegExp; qty: number; phrase: number; alt?: number[] }[] = [
  // "60 of the 4-inch valve assemblies", "- 20 x 3in SS bearings", "ship 4 PRVs 600psi".
  {
    re: new RegExp(
      String.raw`${LEAD}${QTY}\s*(?:${CONNECTOR}\s*)?(?:of\s+)?(?:the\s+|your\s+)?${PHRASE}${PHRASE_END}`,
      "gi",
    ),
    qty: 1,
    phrase: 2,
  },
  // "3\" SS bearing x 20", "PRV 600psi, qty 4", "VLV-BL-4IN-SS316-300 - 6 pcs".
  {
    re: new RegExp(String.raw`(?:^[\s\-*•]*)([^,;:()\n]*?[a-z][^,;:()\n]*?)${TRAILING_QTY}\s*[.;]?\s*$`, "gi"),
    qty: 2,
    phrase: 1,
    alt: [3, 4],
  },
];

/** Words that make a phrase a product: the catalog's families and what buyers call them. */
const PRODUCT_WORDS = new Set(
  (
    "valve bearing pump motor actuator fitting flange gasket seal fastener hose coupling filter elbow tee nipple " +
    "union bushing bolt nut screw washer stud regulator strainer cartridge element assembly oring"
  ).split(" "),
);
/** A supplier part number: letters and digits in segments ("VLV-BL-4IN-SS316-300", "6205.2RS"). */
const PART_NUMBER = /^(?=[A-Z0-9./-]*\d)(?=[A-Z0-9./-]*[A-Z])[A-Z0-9]+(?:[-./][A-Z0-9]+)+$/;

const DATE_G = new RegExp(DATE, "gi");

/** Whether a phrase names a product: a catalog word once normalized, or a part number as written. */
export function isProductPhrase(phrase: string): boolean {
  if (PART_NUMBER.test(phrase.trim())) return true;
  return normalize(phrase).some((t) => PRODUCT_WORDS.has(t));
}

function clean(phrase: string): string {
  return phrase
    .replace(/^(?:of|the|your|x)\s+/i, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Finds the order lines named in words in the message lines a SKU scan left: "60 of the
 * 4-inch valve assemblies", "3\" SS bearing x 20", "PRV 600psi, qty 4", or a supplier part
 * number with its quantity. A line holding a `SKU-` token, a PO number or a date label is
 * not one; a phrase that names no product ("60 days") is not taken.
 */
export function scanProductPhrases(lines: readonly string[], used: ReadonlySet<number>): PhraseLine[] {
  const found: PhraseLine[] = [];
  lines.forEach((raw, line) => {
    if (used.has(line) || raw.includes("|") || skuTokens(raw).length > 0) return;
    const text = raw.replace(PO_REFERENCE, " ").replace(DATE_G, " ");
    for (const { re, qty, phrase, alt } of PATTERNS) {
      const m = re.exec(text);
      re.lastIndex = 0;
      if (!m) continue;
      const value = [qty, ...(alt ?? [])].map((i) => m[i]).find((v) => v !== undefined);
      const named = clean(m[phrase] ?? "");
      if (value === undefined || named === "" || !isProductPhrase(named)) continue;
      found.push({ qty: Number(value), phrase: named, line });
      return;
    }
  });
  return found;
}
