export {
  ATTACK_KINDS,
  DEFAULT_MAX_LENGTH,
  type AttackEvidence,
  type AttackKind,
  type TextInspection,
} from "./attack-kinds";
export { escapeHtml } from "./escape-html";
export { inspectText, type InspectOptions } from "./inspect-text";
export { screenModelText, type WithheldModelText } from "./model-output";
export {
  DESCRIPTION_MAX_LENGTH,
  QUARANTINED,
  quarantineFreeText,
  sanitizePurchaseOrderText,
  type FreeTextField,
  type PurchaseOrderText,
  type QuarantinedField,
  type QuarantineResult,
  type SanitizedPurchaseOrder,
} from "./quarantine";
