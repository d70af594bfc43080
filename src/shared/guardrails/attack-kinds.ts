/** Every kind of payload the free-text guardrails recognise (DESIGN §5.1). */
export const ATTACK_KINDS = [
  "command_injection",
  "control_characters",
  "oversized_text",
  "path_traversal",
  "prompt_injection",
  "script_injection",
  "sql_injection",
] as const;

/** One kind of payload found in free text. */
export type AttackKind = (typeof ATTACK_KINDS)[number];

/** Why a kind was reported: a short excerpt (at most 80 characters) for the audit trail. */
export interface AttackEvidence {
  kind: AttackKind;
  match: string;
}

/** What `inspectText` found: each kind once, sorted, with one piece of evidence per kind. */
export interface TextInspection {
  attacks: AttackKind[];
  evidence: AttackEvidence[];
}

/** A pattern that marks text as carrying one kind of payload. */
export interface AttackRule {
  kind: AttackKind;
  pattern: RegExp;
}

/** Longest free text accepted by default: the PO `notes` limit of DESIGN §5.1. */
export const DEFAULT_MAX_LENGTH = 10_000;

/** Builds rules of one kind from a list of patterns. */
export function rulesOf(kind: AttackKind, patterns: readonly RegExp[]): AttackRule[] {
  return patterns.map((pattern) => ({ kind, pattern }));
}
