import type { AttackEvidence, AttackKind } from "./attack-kinds";
import { inspectText } from "./inspect-text";

/** Model-written text that was flagged and not used: for the audit trail only. */
export interface WithheldModelText {
  original: string;
  attacks: AttackKind[];
  evidence: AttackEvidence[];
}

/**
 * Checks text a model wrote for a customer (a notification, a status answer, the explanation
 * of a resolution) with the same inspector as PO free text (DESIGN §5.1): a model can be
 * steered by what it read, so its words are untrusted until inspected. Clean text is used as
 * it is; flagged text is withheld and `instead` (the deterministic draft, or null to leave the
 * text out) stands in.
 */
export function screenModelText<T extends string | null>(
  text: string,
  instead: T,
): { text: string | T; withheld: WithheldModelText | null } {
  const { attacks, evidence } = inspectText(text);
  if (attacks.length === 0) return { text, withheld: null };
  return { text: instead, withheld: { original: text, attacks, evidence } };
}
