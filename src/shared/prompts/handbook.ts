import { HANDBOOK_COMMUNICATION } from "./handbook-communication";
import { HANDBOOK_OPERATIONS } from "./handbook-operations";

/**
 * Version of {@link OPERATIONS_HANDBOOK}. It is part of the prompt-cache key: change it
 * whenever the handbook's text changes, so that cached prefixes built from an older text are
 * never mistaken for the current one and cache statistics are read per version.
 */
export const HANDBOOK_VERSION = "2024-11-v1";

/**
 * The operations handbook every model call for this supplier carries as its stable system
 * prefix (DESIGN §7).
 *
 * It exists for two reasons. First, it is the assistant's operating rules: who it speaks
 * for and to, what it may and may not do, the order lifecycle of §5.2 with customer-facing
 * wording, the fulfillment facts of the seed data, the §6 playbook as it must be explained to
 * a buyer, communication standards by customer tier, and how to read e-mailed purchase
 * orders. Second, it is long enough (about 21,000 characters: over 5,000 tokens at ~4
 * characters a token, about 6,500 by models/tokens.ts) to clear the models' minimum cacheable
 * prefix (Haiku 4.5 and Opus: 4,096 tokens; Sonnet: 2,048) on its own, so the prefix is written
 * once and read from cache on every later call, without padding prompts with filler.
 *
 * It holds nothing customer-specific: contract prices, terms and SLAs, and the order itself,
 * are added per call after this prefix. Keep the text byte-stable between releases (no dates,
 * counters or ids interpolated into it) and bump {@link HANDBOOK_VERSION} on every edit.
 */
export const OPERATIONS_HANDBOOK = HANDBOOK_OPERATIONS + HANDBOOK_COMMUNICATION;
