// The order page: a lookup form, then the order's view, its event timeline (oldest first) and
// the waterfall of each trace its events name.
import { ApiError, api, orderPath } from "./api.js";
import { el, facts, replace, show, table, usd } from "./dom.js";
import { waterfall } from "./trace.js";

const MAX_TRACES = 12;

/** The lookup form; `open` navigates to an order. @param {{ po?: string, customerId?: string | null }} current @param {(po: string, customerId: string) => void} open */
export function orderView(current, open) {
  const po = el("input", {
    id: "order-po",
    "aria-label": "PO number",
    required: true,
    maxlength: 22,
    value: current.po ?? "",
  });
  const customer = el("input", { id: "order-customer", "aria-label": "Customer id", value: current.customerId ?? "" });
  const form = el(
    "form",
    { id: "order-lookup" },
    el("label", { for: "order-po" }, "PO number"),
    po,
    el("label", { for: "order-customer" }, "Customer id (optional)"),
    customer,
    el("button", { type: "submit" }, "Open"),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const poValue = /** @type {HTMLInputElement} */ (po).value.trim();
    if (poValue) open(poValue, /** @type {HTMLInputElement} */ (customer).value.trim());
  });
  return el(
    "div",
    { class: "order-page" },
    form,
    el("p", { id: "order-status", role: "status" }),
    el("div", { id: "order-body" }),
  );
}

/** Loads and renders one order; a version unchanged since the last render is left alone. @param {HTMLElement} root @param {string} po @param {string | null} customerId */
export async function refreshOrder(root, po, customerId) {
  const body = root.querySelector("#order-body");
  const status = root.querySelector("#order-status");
  if (!body || !status) return;
  let view;
  try {
    view = await api(orderPath(po, customerId));
  } catch (e) {
    if (!(e instanceof ApiError) || e.status === 401) throw e;
    status.textContent = e.status === 404 ? `No order ${po}${customerId ? ` for ${customerId}` : ""}.` : e.message;
    replace(body);
    return;
  }
  const seen = body.getAttribute("data-version");
  if (seen === `${view.customer_id}/${view.po_number}/${view.version}`) return;
  const { events } = await api(orderPath(po, view.customer_id, "/events"));
  const traceIds = [...new Set([view.trace_id, ...events.map((e) => e.trace_id)].filter(Boolean))].slice(0, MAX_TRACES);
  const traces = await Promise.all(
    traceIds.map((id) =>
      api(`/v1/traces/${encodeURIComponent(id)}`).catch((e) => (e.status === 401 ? Promise.reject(e) : null)),
    ),
  );
  status.textContent = "";
  body.setAttribute("data-version", `${view.customer_id}/${view.po_number}/${view.version}`);
  replace(
    body,
    summary(view),
    el(
      "section",
      { "aria-labelledby": "timeline-title" },
      el("h2", { id: "timeline-title" }, `Timeline (${events.length} events)`),
      el("ol", { id: "order-timeline" }, ...events.map(eventItem)),
    ),
    el(
      "section",
      { id: "order-trace", "aria-labelledby": "trace-title" },
      el("h2", { id: "trace-title" }, "Traces"),
      ...(traces.some(Boolean)
        ? traces.filter(Boolean).map((t) => waterfall(t.trace_id, t.spans))
        : [el("p", {}, "No spans recorded for this order's traces.")]),
    ),
  );
}

/** @param {any} v */
function summary(v) {
  return el(
    "section",
    { id: "order-view", "aria-labelledby": "order-title" },
    el("h2", { id: "order-title" }, `${v.po_number} · ${v.customer ?? v.customer_id}`),
    facts([
      ["Status", v.status],
      ["Customer", `${v.customer_id}${v.customer ? ` (${v.customer})` : ""}`],
      ["Channel", show(v.channel)],
      ["Total", `${usd(v.total)} ${v.currency ?? ""}`],
      ["Contract", show(v.contract_id)],
      ["ETA", show(v.eta)],
      ["Flags", (v.flags ?? []).join(", ") || "none"],
      ["Pending handoffs", show(v.pending_handoffs)],
      ["Model calls", `${show(v.llm_calls)} · ${usd(v.cost_usd ?? 0)} (${show(v.cost_basis)})`],
      ["Notes", show(v.notes)],
    ]),
    table(
      "Lines",
      ["SKU", "Description", "Qty", "Unit price", "Contract price", "Shipped"],
      (v.lines ?? []).map((l) => [
        l.sku,
        show(l.description),
        l.qty,
        usd(l.unit_price),
        l.contract_price == null ? "—" : usd(l.contract_price),
        show(l.qty_shipped),
      ]),
    ),
    table(
      "Shipments",
      ["Shipment", "Warehouse", "Carrier", "Tracking", "Status", "ETA"],
      (v.shipments ?? []).map((s) => [
        s.shipment_id,
        show(s.warehouse),
        show(s.carrier),
        show(s.tracking),
        show(s.status),
        show(s.eta),
      ]),
    ),
    table(
      "Exceptions",
      ["Exception", "Type", "Status", "Detected"],
      (v.exceptions ?? []).map((x) => [x.exception_id, x.type, x.status, show(x.detected_at)]),
    ),
  );
}

/** @param {any} e */
function eventItem(e) {
  return el(
    "li",
    { "data-seq": e.seq },
    el("time", { datetime: e.at }, e.at),
    " ",
    el("strong", {}, e.type),
    ` by ${e.actor}`,
    el("details", {}, el("summary", {}, "data"), el("pre", {}, JSON.stringify(e.data, null, 2))),
  );
}
