import type { Principal } from "../../shared/db/principals-repository";
import type { AmendmentSet, EdiInterchangeResult, TakenSet } from "../../shared/edi";
import { orderKey } from "../../shared/order-key";
import { fieldErrorsFromZod } from "../../shared/order-validation";
import { ChangeRequest, type AmendmentSource } from "../../shared/schemas/amendment.schema";
import type { Span } from "../../shared/tracing";
import { AppError } from "../errors";
import { cancelOrder, changeOrder } from "./amend-order";

/** The BCH of an 860, the BEG of an 850: the segment a rejection of the set names. */
const headerOf = (s: AmendmentSet) => (s.set.set_id === "860" ? "BCH" : "BEG");

/**
 * Takes one set that amends an order (an 860, an 850 with BEG01 `01`/`05`) through the same
 * commands as the API. An order that cannot be found (an unknown PO, an unknown partner) or an
 * amendment that fails its checks records nothing: the 997 rejects the set (AK5 R) and the answer
 * says why. An amendment the order refuses (goods shipped, already cancelled) is the business
 * answer: the 997 accepts the set, and the answer's entry is `refused` with the reason.
 */
export async function takeAmendmentSet(
  env: Env,
  result: EdiInterchangeResult,
  s: AmendmentSet,
  caller: { principal: Principal; span: Span },
): Promise<TakenSet> {
  const a = s.set.amendment;
  const control_numbers = { group: s.group.control_number, transaction: s.set.control_number };
  const reject = (field: string, message: string): TakenSet => ({
    order: {
      po_number: a.po_number || null,
      status: "rejected",
      validation: { status: "rejected", errors: [{ field, message }] },
      control_numbers,
    },
    rejection: { level: "transaction", code: "5", message, segment: headerOf(s) },
  });
  if (a.customer_id === null) return reject("customer_id", "no trading partner names the buyer of this amendment");
  const source: AmendmentSource = {
    channel: "edi",
    transaction_set: s.set.set_id === "860" ? "860" : "850",
    sender_id: result.sender_id ?? "",
    interchange_control_number: result.control_number ?? "",
    transaction_control_number: s.set.control_number,
  };
  const ref = { customer_id: a.customer_id, po_number: a.po_number };
  const view = await env.ORDER.getByName(orderKey(ref.customer_id, ref.po_number)).read();
  if (!view) return reject("po_number", `no order ${a.po_number} of ${a.customer_id} to amend`);
  try {
    const amendCaller = { ...caller, source };
    let answered: Awaited<ReturnType<typeof cancelOrder>>;
    if (a.kind === "cancel") {
      answered = await cancelOrder(env, ref, a.request, amendCaller);
    } else {
      // A replacement is the order's whole line set: what it leaves out goes to 0.
      const named = new Set((a.request.lines ?? []).map((l) => l.sku));
      const dropped = a.replace ? view.lines.filter((l) => !named.has(l.sku)).map((l) => ({ sku: l.sku, qty: 0 })) : [];
      const parsed = ChangeRequest.safeParse({
        ...a.request,
        ...(a.request.lines ? { lines: [...a.request.lines, ...dropped] } : {}),
      });
      if (!parsed.success) {
        const [first] = fieldErrorsFromZod(parsed.error);
        return reject(first?.field ?? "(amendment)", first?.message ?? "the amendment is invalid");
      }
      answered = await changeOrder(env, ref, parsed.data, amendCaller);
    }
    const v = answered.view;
    return {
      order: { po_number: v.po_number, status: v.status, validation: v.validation, control_numbers },
      rejection: null,
    };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.status === 409) {
      // The order stands as it was (its own status); the amendment is what was rejected, and why.
      const errors = [{ field: "(amendment)", message: err.detail }];
      return {
        order: {
          po_number: view.po_number,
          status: view.status,
          validation: { status: "rejected", errors },
          control_numbers,
        },
        rejection: null,
      };
    }
    const first = err.extensions.errors?.[0];
    return reject(first?.field ?? "(amendment)", first ? `${first.field}: ${first.message}` : err.detail);
  }
}
