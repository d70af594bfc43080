import {
  DEFAULT_MAX_LENGTH,
  type AttackEvidence,
  type AttackKind,
  type AttackRule,
  type TextInspection,
} from "./attack-kinds";
import { decodedForms } from "./decode";
import { INJECTION_RULES } from "./injection-rules";
import { cleanForMatching, controlCharacters, matchViews } from "./normalize";
import { PROMPT_RULES } from "./prompt-rules";

/** Options of `inspectText`. */
export interface InspectOptions {
  /** Longest acceptable text in characters; longer is `oversized_text`. Default 10,000. */
  maxLength?: number;
}

const RULES: readonly AttackRule[] = [...INJECTION_RULES, ...PROMPT_RULES];
/** Decoding layers followed: base64 of URL-encoding is found, a third layer is not. */
const MAX_DEPTH = 2;
/** Characters scanned for payloads; text this long is already quarantined as oversized. */
const SCAN_LIMIT = 100_000;
const EXCERPT_LENGTH = 80;

/** A one-line excerpt of at most 80 characters. */
function excerpt(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= EXCERPT_LENGTH ? line : `${line.slice(0, EXCERPT_LENGTH - 1)}…`;
}

type Note = (kind: AttackKind, match: string) => void;
type Found = (kind: AttackKind) => boolean;

function scan(text: string, depth: number, note: Note, found: Found): void {
  const controls = controlCharacters(text);
  if (controls.length > 0) note("control_characters", controls.join(" "));
  const clean = cleanForMatching(text);
  for (const view of matchViews(clean)) {
    for (const rule of RULES) {
      if (found(rule.kind)) continue;
      const m = rule.pattern.exec(view);
      if (m) note(rule.kind, m[0]);
    }
  }
  if (depth >= MAX_DEPTH) return;
  for (const decoded of decodedForms(clean)) scan(decoded, depth + 1, note, found);
}

/**
 * Checks free text (PO notes, line descriptions, e-mail text) for SQL, script, prompt-injection,
 * path-traversal and shell payloads, control characters and excess length (DESIGN §5.1).
 * Text is matched after removing zero-width and control characters and NFKC normalisation,
 * with look-alike letters folded to ASCII; URL-encoded, HTML-entity, JS-escaped and base64
 * content is decoded and inspected the same way, up to two layers deep.
 */
export function inspectText(text: string, options: InspectOptions = {}): TextInspection {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  const evidence = new Map<AttackKind, string>();
  const note: Note = (kind, match) => {
    if (!evidence.has(kind)) evidence.set(kind, excerpt(match));
  };
  if (text.length > maxLength) note("oversized_text", `${text.length} characters, over the limit of ${maxLength}`);
  scan(text.slice(0, SCAN_LIMIT), 0, note, (kind) => evidence.has(kind));
  const found: AttackEvidence[] = [...evidence].map(([kind, match]) => ({ kind, match }));
  found.sort((a, b) => a.kind.localeCompare(b.kind));
  return { attacks: found.map((e) => e.kind), evidence: found };
}
