import { DEFAULT_MAX_LENGTH, type AttackEvidence, type AttackKind } from "./attack-kinds";
import { inspectText } from "./inspect-text";

/** What a flagged free-text field reads as everywhere but the audit trail (DESIGN §5.1). */
export const QUARANTINED = "[QUARANTINED]";

/** Longest `line_items[].description` of DESIGN §5.1; `notes` use the default 10,000. */
export const DESCRIPTION_MAX_LENGTH = 500;

/** One free-text field to check, named by its path in the document (`line_items[2].description`). */
export interface FreeTextField {
  path: string;
  value: string;
  /** Longest acceptable value; default 10,000 characters. */
  maxLength?: number;
}

/** A field that was replaced by `[QUARANTINED]`, with what it said, for the audit trail only. */
export interface QuarantinedField {
  field: string;
  attacks: AttackKind[];
  original: string;
  evidence: AttackEvidence[];
}

/** The outcome of checking a set of free-text fields. */
export interface QuarantineResult {
  /** Every field's value to use from now on: the original, or `[QUARANTINED]`. */
  clean: Map<string, string>;
  quarantined: QuarantinedField[];
  /** Every kind found in any field, once each, sorted. */
  attacks_detected: AttackKind[];
}

/** Inspects each field and replaces every flagged one by `[QUARANTINED]`. */
export function quarantineFreeText(fields: readonly FreeTextField[]): QuarantineResult {
  const clean = new Map<string, string>();
  const quarantined: QuarantinedField[] = [];
  const kinds = new Set<AttackKind>();
  for (const { path, value, maxLength } of fields) {
    const { attacks, evidence } = inspectText(value, { maxLength: maxLength ?? DEFAULT_MAX_LENGTH });
    if (attacks.length === 0) {
      clean.set(path, value);
      continue;
    }
    clean.set(path, QUARANTINED);
    quarantined.push({ field: path, attacks, original: value, evidence });
    for (const kind of attacks) kinds.add(kind);
  }
  return { clean, quarantined, attacks_detected: [...kinds].sort() };
}

/** The free-text parts of a purchase order: enough of `PurchaseOrder` or `RecordedPurchaseOrder`. */
export interface PurchaseOrderText {
  notes?: string;
  line_items: readonly { description?: string }[];
}

/** A PO with its free text checked, in the shape of the order view's `validation` fields. */
export interface SanitizedPurchaseOrder<P extends PurchaseOrderText> {
  /** A copy of the PO with every flagged field replaced by `[QUARANTINED]`. */
  po: P;
  sanitized: boolean;
  attacks_detected: AttackKind[];
  quarantined_fields: string[];
  /** The flagged fields with their original text: for the audit trail, never for a model. */
  quarantined: QuarantinedField[];
}

/**
 * Checks a PO's `notes` and line descriptions and returns a copy with each flagged field
 * replaced by `[QUARANTINED]`; the order goes on with the rest (DESIGN §5.1). The input is
 * not changed, and the copy shares no line objects with it.
 * `source` is the text the PO was read out of, as sent (an e-mail with its markup). When it is
 * flagged, every free-text field read from it is quarantined too, since reading may have kept an
 * attack's words without the tags that made it one; the source itself is then listed in
 * `quarantined` (for the audit trail) but not in `quarantined_fields`, which names PO fields.
 */
export function sanitizePurchaseOrderText<P extends PurchaseOrderText>(
  po: P,
  source?: FreeTextField,
): SanitizedPurchaseOrder<P> {
  const fields: FreeTextField[] = [];
  if (typeof po.notes === "string") fields.push({ path: "notes", value: po.notes });
  po.line_items.forEach((line, i) => {
    if (typeof line.description === "string") {
      fields.push({ path: `line_items[${i}].description`, value: line.description, maxLength: DESCRIPTION_MAX_LENGTH });
    }
  });
  const { clean, quarantined, attacks_detected } = quarantineFreeText(fields);
  const origin = source ? quarantineFreeText([source]).quarantined[0] : undefined;
  if (origin) {
    for (const { path, value } of fields) {
      if (clean.get(path) === QUARANTINED) continue;
      clean.set(path, QUARANTINED);
      quarantined.push({ field: path, attacks: origin.attacks, original: value, evidence: origin.evidence });
    }
  }

  const line_items = po.line_items.map((line, i) => {
    const description = clean.get(`line_items[${i}].description`);
    return description === undefined ? { ...line } : { ...line, description };
  });
  const notes = clean.get("notes");
  const copy: P = { ...po, line_items, ...(notes === undefined ? {} : { notes }) };
  return {
    po: copy,
    sanitized: quarantined.length > 0 || origin !== undefined,
    attacks_detected: origin ? [...new Set([...attacks_detected, ...origin.attacks])].sort() : attacks_detected,
    quarantined_fields: fields.filter((f) => clean.get(f.path) === QUARANTINED).map((f) => f.path),
    quarantined: origin ? [origin, ...quarantined] : quarantined,
  };
}
