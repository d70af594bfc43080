/** The shape of a playbook decision and what the playbook consults. */
import type { Episode, ProceduralRule } from "../memory/memory.schema";
import type { OrderView } from "../order-view";
import type { ExceptionOf, ExceptionType, Resolution } from "../schemas/exception.schema";

/** A playbook decision for one exception, before it is tied to an exception id. */
export type PlaybookResolution = Omit<Resolution, "exception_id">;

/** How one exception type is decided; `playbook/index.ts` holds one for every type. */
export type Resolver<T extends ExceptionType> = (
  ex: ExceptionOf<T>,
  view: OrderView,
  ctx: PlaybookContext,
) => PlaybookResolution;

/** What the playbook consults beyond the order: the customer's precedents, the rules, the stock. */
export interface PlaybookContext {
  /** Episodes of this order's customer only; isolation is the caller's first filter. */
  episodes: readonly Episode[];
  rules: readonly ProceduralRule[];
  /** Units of a SKU free to ship now, outside any held lot. */
  availableStock: (sku: string) => number;
  /** Vector similarity of an episode to the exception at hand (0 when not recalled). */
  similarity?: (episodeId: string) => number;
}

/** A deterministic decision: full confidence, no model, citing what it followed. */
export function decided(
  r: Omit<PlaybookResolution, "precedent_episode_ids" | "rule_ids" | "model" | "confidence">,
  cites: { precedent_episode_ids?: string[]; rule_ids?: string[] } = {},
): PlaybookResolution {
  return {
    ...r,
    precedent_episode_ids: cites.precedent_episode_ids ?? [],
    rule_ids: cites.rule_ids ?? [],
    model: null,
    confidence: 1,
  };
}
