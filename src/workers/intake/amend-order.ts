import type { Principal } from "../../shared/db/principals-repository";
import { loadCatalog, loadContract } from "../../shared/db/reference-repository";
import { shippedLines } from "../../shared/order-amendments";
import { orderKey } from "../../shared/order-key";
import type { FieldError } from "../../shared/order-validation";
import { validatedLines } from "../../shared/order-validation";
import type { OrderView } from "../../shared/order-view";
import { priceLine } from "../../shared/pricing";
import type { AmendmentSource, CancelRequest, ChangeRequest } from "../../shared/schemas/amendment.schema";
import type { CatalogItem } from "../../shared/schemas/reference.schema";
import type { Span } from "../../shared/tracing";
import type { TransitionResult } from "../../shared/transition";
import { AppError, notFound } from "../errors";
import { PROBLEMS } from "../problems";

/** The order an amendment names: its customer and the buyer's PO number. */
export interface OrderRef {
  customer_id: string;
  po_number: string;
}

/** Who asks for an amendment, under which span, through which channel. */
export interface AmendmentCaller {
  principal: Principal;
  span: Span;
  source: AmendmentSource;
}

/** The order's object and view, if the caller may act on it: anything else is the same 404 as every `:po` route. */
async function amendable(env: Env, ref: OrderRef, principal: Principal) {
  const missing = notFound(`no order ${ref.po_number.slice(0, 40)} for this principal`);
  if (principal.kind === "customer" && principal.customerId !== ref.customer_id) throw missing;
  if (principal.kind !== "customer" && principal.kind !== "ops") throw missing;
  const stub = env.ORDER.getByName(orderKey(ref.customer_id, ref.po_number));
  const view = await stub.read();
  if (!view) throw missing;
  return { stub, view };
}

function invalid(errors: FieldError[]): AppError {
  return new AppError(
    PROBLEMS.invalidAmendment,
    `the amendment is invalid: ${errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`,
    { errors },
  );
}

/** An amendment the order refused (shipped goods, already cancelled, being planned): 409 saying why and what shipped. */
function answered(result: TransitionResult, ref: OrderRef): TransitionResult {
  if (result.outcome !== "refused") return result;
  const shipped = shippedLines(result.view);
  throw new AppError(PROBLEMS.amendmentRefused, result.refused ?? "refused", { po_number: ref.po_number, shipped });
}

/** Common fields of the amendment RPCs. */
const rpcCaller = (caller: AmendmentCaller) => ({
  source: caller.source,
  actor: caller.source.channel === "api" && caller.principal.kind === "ops" ? ("ops" as const) : ("api" as const),
  business_at: new Date().toISOString(),
  traceparent: caller.span.traceparent,
});

/**
 * Cancels an order or some of its lines' quantities (DESIGN §14). Throws 404 for an order the
 * caller may not see, 422 naming the line for a part not on the order or more than was ordered,
 * 409 once goods have shipped (listing them). A whole order cancelled again answers `duplicate`.
 */
export async function cancelOrder(
  env: Env,
  ref: OrderRef,
  request: CancelRequest,
  caller: AmendmentCaller,
): Promise<TransitionResult> {
  const { stub, view } = await amendable(env, ref, caller.principal);
  caller.span.set({ "order.po_number": ref.po_number, "amendment.kind": "cancel" });
  const errors = (request.lines ?? []).flatMap((l, i): FieldError[] => {
    const ordered = view.lines.filter((v) => v.sku === l.sku).reduce((n, v) => n + v.qty, 0);
    if (ordered === 0) return [{ field: `lines[${i}].sku`, message: `${l.sku} is not on the order` }];
    if (l.qty > ordered) return [{ field: `lines[${i}].qty`, message: `more than the ${ordered} ordered` }];
    return [];
  });
  if (errors.length) throw invalid(errors);
  // What a partial cancellation leaves of each SKU it names is priced again: a smaller quantity can fall below a tier.
  const left = new Map<string, number>();
  for (const l of request.lines ?? []) left.set(l.sku, (left.get(l.sku) ?? outstanding(view, l.sku)) - l.qty);
  const remaining = [...left].map(([sku, qty]) => ({ sku, qty }));
  const priced = remaining.length ? await priceRequested(env, view, { lines: remaining }) : [];
  return answered(await stub.cancel({ request, priced, ...rpcCaller(caller) }), ref);
}

/** The quantity of `sku` on the order not yet shipped. */
const outstanding = (view: OrderView, sku: string) =>
  view.lines.filter((v) => v.sku === sku).reduce((n, v) => n + v.qty - v.qty_shipped, 0);

/** The requested lines priced by the contract at their new quantities, or the fields naming unknown parts. */
async function priceRequested(env: Env, view: OrderView, request: ChangeRequest) {
  const asked = (request.lines ?? []).filter((l) => l.qty > 0);
  if (asked.length === 0) return [];
  const [catalog, contract] = await Promise.all([
    loadCatalog(
      env.DB,
      asked.map((l) => l.sku),
    ),
    loadContract(env.DB, view.customer_id, view.order_date),
  ]);
  const errors = (request.lines ?? []).flatMap((l, i): FieldError[] =>
    l.qty > 0 && !catalog.has(l.sku) ? [{ field: `lines[${i}].sku`, message: `unknown SKU ${l.sku}` }] : [],
  );
  if (errors.length) throw invalid(errors);
  return validatedLines(asked.map((l) => priceLine(l, catalog.get(l.sku) as CatalogItem, contract, view.order_date)));
}

/**
 * Changes an order's lines or requested delivery date (DESIGN §14): re-priced by the contract,
 * planned and reserved again by fulfillment. Throws 404 as `cancelOrder`, 422 naming the field
 * (an unknown part, a change that leaves no lines), 409 once goods have shipped.
 */
export async function changeOrder(
  env: Env,
  ref: OrderRef,
  request: ChangeRequest,
  caller: AmendmentCaller,
): Promise<TransitionResult> {
  const { stub, view } = await amendable(env, ref, caller.principal);
  caller.span.set({ "order.po_number": ref.po_number, "amendment.kind": "change" });
  const after = new Map(view.lines.map((l) => [l.sku, l.qty]));
  for (const l of request.lines ?? []) after.set(l.sku, l.qty);
  if ([...after.values()].every((q) => q === 0))
    throw invalid([{ field: "lines", message: "leaves the order without lines: cancel it instead" }]);
  const priced = await priceRequested(env, view, request);
  return answered(await stub.change({ request, priced, ...rpcCaller(caller) }), ref);
}
