import type { OrderObject } from "../../durable-objects/order.do";
import { canAccessCustomer, type Principal } from "../../shared/db/principals-repository";
import { customersWithPo } from "../../shared/db/order-index-repository";
import { poCustomersCache } from "../../shared/db/po-customers-cache";
import { orderKey } from "../../shared/order-key";
import type { OrderView } from "../../shared/order-view";
import { PO_NUMBER, RECORDED_CUSTOMER_ID_MAX } from "../../shared/schemas/purchase-order.schema";
import type { AppContext } from "../context";
import { AppError, notFound } from "../errors";
import { PROBLEMS } from "../problems";

/** Finds the customers using a PO number: `customersWithPo` (D1 now) or, for reads, `poCustomersCache`. */
type PoLookup = (db: D1Database, poNumber: string) => Promise<string[]>;

/** A read's lookup: the isolate's answer of the last few seconds (`PoCustomersCache`). */
const cachedCustomersWithPo: PoLookup = (db, poNumber) => poCustomersCache.find(db, poNumber);

/**
 * The key of the one order with this PO number: `customerId`'s when given, else the only
 * customer's that uses it. Null when there is none; a number several customers use, with no
 * `customerId`, is a 409 listing them (DESIGN §4).
 */
export async function orderKeyForPo(
  db: D1Database,
  poNumber: string,
  customerId: string | undefined,
  lookup: PoLookup = customersWithPo,
): Promise<string | null> {
  // Any recorded customer id is addressable, a rejected PO's malformed one (capped in length) too:
  // `orderKey` encodes it, so it names that order and no other.
  if (customerId !== undefined)
    return customerId.length > 0 && customerId.length <= RECORDED_CUSTOMER_ID_MAX
      ? orderKey(customerId, poNumber)
      : null;
  const customers = await lookup(db, poNumber);
  if (customers.length > 1) {
    throw new AppError(
      PROBLEMS.ambiguousPoNumber,
      `PO number ${poNumber} is used by ${customers.length} customers; name one with customer_id`,
      {
        po_number: poNumber,
        customer_ids: customers,
      },
    );
  }
  return customers[0] === undefined ? null : orderKey(customers[0], poNumber);
}

/**
 * The key of the order a PO number in a path names for a caller (DESIGN §4): a customer's own
 * order only; for operations, as `orderKeyForPo` resolves it with `?customer_id=`.
 */
export async function resolveOrderKey(
  db: D1Database,
  principal: Principal,
  poNumber: string,
  customerId: string | undefined,
  lookup?: PoLookup,
): Promise<string | null> {
  if (!PO_NUMBER.test(poNumber)) return null;
  if (principal.kind === "customer") return orderKey(principal.customerId, poNumber);
  return principal.kind === "ops" ? orderKeyForPo(db, poNumber, customerId, lookup) : null;
}

/** Whether a route only reads the order (and may find it from a few-seconds-old answer) or acts on it. */
export type OrderAccess = "read" | "act";

/** The object of the order the route's `:po` names for the caller, and the 404 every miss answers. */
async function locate(c: AppContext, access: OrderAccess) {
  const po = c.req.param("po") ?? "";
  // Made only when thrown: an error's stack trace costs more than the rest of a found order's lookup.
  const missing = () => notFound(`no order ${po.slice(0, 40)} for this principal`);
  const principal = c.get("principal");
  const lookup = access === "read" ? cachedCustomersWithPo : customersWithPo;
  const key = await resolveOrderKey(c.env.DB, principal, po, c.req.query("customer_id"), lookup);
  if (!key) throw missing();
  const stub = c.env.ORDER.getByName(key);
  // The key already holds the customer; the check stays as a second lock on the same door.
  const check = (view: OrderView | null | undefined): OrderView => {
    if (!view || !canAccessCustomer(principal, view.customer_id)) throw missing();
    return view;
  };
  return { stub, check };
}

/**
 * The order named by the route's `:po` (and, for operations, `?customer_id=`), if the caller
 * may see it. Anything else — a malformed number, an unknown order, another customer's order —
 * is the same 404, so nothing leaks. A route that changes the order (`access` "act") has its
 * PO number resolved against D1 as it is now.
 */
export async function visibleOrder(
  c: AppContext,
  access: OrderAccess,
): Promise<{ view: OrderView; stub: DurableObjectStub<OrderObject> }> {
  const { stub, check } = await locate(c, access);
  return { view: check(await stub.read()), stub };
}

/** `visibleOrder` with the event log as the caller may see it, in one call to the object. */
export async function visibleOrderWithEvents(c: AppContext) {
  const { stub, check } = await locate(c, "read");
  const found = await stub.readWithEvents(c.get("principal").kind);
  check(found?.view);
  return { events: found!.events };
}
