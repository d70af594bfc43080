import type { OrderObject } from "../../durable-objects/order.do";
import { canAccessCustomer } from "../../shared/db/principals-repository";
import type { OrderView } from "../../shared/order-view";
import { PO_NUMBER } from "../../shared/schemas/purchase-order.schema";
import type { AppContext } from "../context";
import { notFound } from "../errors";

/**
 * The order named by the route's `:po`, if the caller may see it. Anything else — a malformed
 * number, an unknown order, another customer's order — is the same 404, so nothing leaks.
 */
export async function visibleOrder(c: AppContext): Promise<{ view: OrderView; stub: DurableObjectStub<OrderObject> }> {
  const po = c.req.param("po") ?? "";
  const missing = notFound(`no order ${po.slice(0, 40)} for this principal`);
  if (!PO_NUMBER.test(po)) throw missing;
  const stub = c.env.ORDER.getByName(po);
  const view = await stub.read();
  if (!view || !canAccessCustomer(c.get("principal"), view.customer_id)) throw missing;
  return { view, stub };
}
