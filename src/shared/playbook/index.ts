/**
 * The playbook (DESIGN §6): one file per exception type, each deciding its type by the table,
 * and this registry that dispatches by type. A new exception type is its details schema in
 * `schemas/exception.schema.ts`, a file here and an entry in RESOLVERS (the compiler asks for it).
 */
import type { OrderView } from "../order-view";
import type { DetectedException, ExceptionOf, ExceptionType, RecordedException } from "../schemas/exception.schema";
import { detectBackorder, resolveBackorderException } from "./backorder";
import { resolveCarrierDelay } from "./carrier-delay";
import { detectPricingDiscrepancies, resolvePricingException } from "./pricing-discrepancy";
import { resolveQualityHold } from "./quality-hold";
import type { PlaybookContext, PlaybookResolution, Resolver } from "./resolution";
import { resolveUnknown } from "./unknown";

/** A split shipment of an order worth more than this needs a human's approval first. */
export const SPLIT_APPROVAL_LIMIT_USD = 50_000;

const RESOLVERS: { [T in ExceptionType]: Resolver<T> } = {
  carrier_delay: resolveCarrierDelay,
  pricing_discrepancy: resolvePricingException,
  quality_hold: resolveQualityHold,
  backorder: resolveBackorderException,
  unknown: resolveUnknown,
};

/**
 * What the order itself shows (DESIGN §6) and has not recorded yet: a PO price above or below
 * the contract price, and stock that allocation could not cover. Running it again on the same
 * order finds nothing new.
 */
export function detectOrderExceptions(view: OrderView): DetectedException[] {
  return [...detectPricingDiscrepancies(view), ...detectBackorder(view)];
}

function resolveAs<T extends ExceptionType>(ex: ExceptionOf<T>, view: OrderView, ctx: PlaybookContext) {
  const resolve: Resolver<T> = RESOLVERS[ex.type];
  return resolve(ex, view, ctx);
}

/**
 * Resolves one exception by the §6 table. Never-seen exceptions get a human: the playbook has
 * no row for them, and guessing is not a resolution.
 */
export function resolveException(ex: RecordedException, view: OrderView, ctx: PlaybookContext): PlaybookResolution {
  return resolveAs(ex, view, ctx);
}
