import { decided, type Resolver } from "./resolution";

/**
 * Quality hold (DESIGN §6): a replacement shipment from stock outside the held lot (stock
 * without lot records counts as outside), else a backordered replacement. A human signs off
 * every quality case, so it is always escalated.
 */
export const resolveQualityHold: Resolver<"quality_hold"> = (ex, _view, ctx) => {
  const sku = String(ex.details.sku ?? "");
  const qty = Number(ex.details.qty ?? 0);
  const lot = String(ex.details.lot ?? "unknown lot");
  const available = sku ? ctx.availableStock(sku) : 0;
  const replace = qty > 0 && available >= qty;
  return decided({
    resolution_type: replace ? "replacement_shipment" : "backorder_replacement",
    escalated: true,
    explanation: replace
      ? `Lot ${lot} held: ${qty} x ${sku} can be replaced from ${available} units outside the lot; a human signs off quality cases.`
      : `Lot ${lot} held: only ${available} of ${qty} x ${sku} available outside the lot, so the replacement is backordered; a human signs off quality cases.`,
  });
};
