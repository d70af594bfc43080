import { z } from "zod";
import type { FreeTextField } from "../guardrails";

/** A bare address, `local@domain`, with no spaces or angle brackets. */
const BARE_ADDRESS = /^[^\s<>@]+@[^\s<>@]+$/;
/** `Display Name <local@domain>`; the display name may be empty or quoted. */
const NAMED_ADDRESS = /<([^\s<>@]+@[^\s<>@]+)>\s*$/;

/**
 * The sender's address from a `From` value: `addr@domain` or `Name <addr@domain>`.
 * Returns null when the value holds no address.
 */
export function senderAddress(from: string): string | null {
  const trimmed = from.trim();
  const named = NAMED_ADDRESS.exec(trimmed);
  if (named?.[1]) return named[1];
  return BARE_ADDRESS.test(trimmed) ? trimmed : null;
}

/** The sender's domain, lower-cased and without a trailing dot, or null without an address. */
export function senderDomain(from: string): string | null {
  const address = senderAddress(from);
  if (!address) return null;
  const domain = address
    .slice(address.lastIndexOf("@") + 1)
    .toLowerCase()
    .replace(/\.$/, "");
  return domain.length > 0 ? domain : null;
}

const SUBJECT_MAX_LENGTH = 1000;
const BODY_MAX_LENGTH = 100_000;
/** Longest e-mail text, subject and body: a long e-mail is no attack, the schema bounds it. */
export const EMAIL_TEXT_MAX_LENGTH = SUBJECT_MAX_LENGTH + 1 + BODY_MAX_LENGTH;

/** The body of `POST /v1/orders/email` (DESIGN §4): one inbound e-mail from the mail gateway. */
export const InboundEmail = z.strictObject({
  from: z
    .string()
    .max(320)
    .refine((v) => senderAddress(v) !== null, { message: 'must be an address, "addr@domain" or "Name <addr@domain>"' }),
  subject: z.string().max(SUBJECT_MAX_LENGTH),
  body: z.string().max(BODY_MAX_LENGTH),
});
export type InboundEmail = z.infer<typeof InboundEmail>;

/** A customer as the e-mail channel knows it: its name and the mail domains it sends from. */
export interface CustomerDirectoryEntry {
  customer_id: string;
  name: string;
  /** Lower-case mail domains, e.g. `acme-industrial.example`; subdomains of these match too. */
  domains: string[];
}

/**
 * What an extractor concluded about one e-mail. Shared by the deterministic extractor and the
 * model layer, so a model's answer can be checked with the same schema before it is used.
 */
export const EmailExtraction = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("extracted"),
    /** Portal-shaped (§5.1) but not yet validated: intake's schema check still applies. */
    purchase_order: z.record(z.string(), z.unknown()),
    confidence: z.number().min(0).max(1),
    notes: z.array(z.string()),
  }),
  z.strictObject({
    kind: z.literal("incomplete"),
    partial: z.record(z.string(), z.unknown()),
    gaps: z.array(z.string()).min(1),
    reason: z.string(),
  }),
  z.strictObject({
    kind: z.literal("unreadable"),
    reason: z.string(),
  }),
]);
export type EmailExtraction = z.infer<typeof EmailExtraction>;

/**
 * Reads a purchase order out of an e-mail. The deterministic extractor needs no model key; the
 * model layer (order_validation task) implements the same interface and takes over when configured.
 */
export interface PurchaseOrderExtractor {
  readonly name: string;
  extract(email: InboundEmail, directory: readonly CustomerDirectoryEntry[]): Promise<EmailExtraction>;
}

/**
 * The e-mail as its sender wrote it, subject and body with any markup, for the guardrails: the
 * extractors read it with its tags stripped, which would hide `<script>` from a check of the PO.
 */
export const sentText = (email: InboundEmail): FreeTextField => ({
  path: "email",
  value: `${email.subject}\n${email.body}`,
  maxLength: EMAIL_TEXT_MAX_LENGTH,
});
