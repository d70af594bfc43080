// The escalation inbox: one article per open escalation with its evidence, and the decision
// buttons. Articles are kept across refreshes (only new ones are added, gone ones removed) so a
// poll never wipes a half-filled Modify form.
import { ApiError, api, orderPath } from "./api.js";
import { el, facts, show, usd } from "./dom.js";

/** The last decision taken here, said in the status line until the next one. */
let lastDecision = "";

export function inboxView() {
  return el(
    "section",
    { id: "inbox", "aria-labelledby": "inbox-title" },
    el("h2", { id: "inbox-title" }, "Open escalations"),
    el("p", { id: "inbox-status", role: "status" }),
    el("div", { class: "escalations" }),
  );
}

/** Reloads the open escalations into the inbox. @param {HTMLElement} root @param {() => void} onDecided */
export async function refreshInbox(root, onDecided) {
  const list = root.querySelector(".escalations");
  const status = root.querySelector("#inbox-status");
  if (!list || !status) return;
  const { escalations } = await api("/v1/escalations");
  const open = new Set(escalations.map((e) => e.id));
  for (const article of list.querySelectorAll("article.escalation")) {
    if (!open.has(article.getAttribute("data-escalation-id"))) article.remove();
  }
  for (const esc of escalations) {
    if (list.querySelector(`article[data-escalation-id="${CSS.escape(esc.id)}"]`)) continue;
    list.append(await escalationArticle(esc, onDecided));
  }
  const last = lastDecision ? ` Last decision: ${lastDecision}.` : "";
  status.textContent = `${escalations.length ? `${escalations.length} open.` : "No open escalations."}${last}`;
}

/** The order's view, the evidence beside a decision; null when the escalation has no order. @param {any} esc */
async function loadOrder(esc) {
  if (!esc.po_number) return null;
  try {
    return await api(orderPath(esc.po_number, esc.customer_id));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) throw e;
    return null;
  }
}

/** @param {any} esc @param {() => void} onDecided */
async function escalationArticle(esc, onDecided) {
  const order = await loadOrder(esc);
  const proposed =
    esc.proposed_resolution && typeof esc.proposed_resolution === "object" ? esc.proposed_resolution : {};
  const exception = order?.exceptions?.find((x) => x.exception_id === esc.exception_id);
  const resolution = order?.resolutions?.find((r) => r.exception_id === esc.exception_id);
  const list = (/** @type {unknown} */ ids) =>
    Array.isArray(ids) && ids.length ? el("ul", {}, ...ids.map((id) => el("li", {}, show(id)))) : "none cited";
  const orderLink = esc.po_number
    ? el(
        "a",
        {
          href: `#/orders/${encodeURIComponent(esc.po_number)}${esc.customer_id ? `?customer_id=${encodeURIComponent(esc.customer_id)}` : ""}`,
        },
        `Order ${esc.po_number}`,
      )
    : "no order (intake)";
  const evidence = facts([
    ["Proposed resolution", show(proposed.resolution_type ?? proposed.action ?? esc.proposed_resolution)],
    ["Amount", proposed.amount == null ? "—" : usd(proposed.amount)],
    ["Discount", proposed.discount_pct == null ? "—" : `${proposed.discount_pct}%`],
    ["Order total", order ? usd(order.total) : show(proposed.total)],
    ["Order", orderLink],
    ["Order status", order?.status ?? "—"],
    ["Exception", exception ? `${exception.type}: ${show(exception.details)}` : "—"],
    ["Cited episodes", list(resolution?.precedent_episode_ids)],
    ["Cited rules", list(resolution?.rule_ids)],
    ["Model advice", show(proposed.model_advice ?? resolution?.explanation)],
    ["Model", resolution?.model ? `${resolution.model} (confidence ${show(resolution.confidence)})` : "—"],
    ["Full proposal", show(esc.proposed_resolution)],
    ["Opened", show(esc.created_at)],
  ]);
  const error = el("p", { class: "error", role: "alert" });
  const article = el(
    "article",
    { class: "escalation", "data-escalation-id": esc.id, "aria-labelledby": `esc-${esc.id}` },
    el(
      "h3",
      { id: `esc-${esc.id}` },
      `${esc.po_number ?? "Intake"} · ${esc.customer_id ?? "unknown customer"} · ${esc.id}`,
    ),
    el("p", { class: "reason" }, show(esc.reason)),
    evidence,
  );
  const decide = async (/** @type {any} */ body) => {
    error.textContent = "";
    for (const b of article.querySelectorAll("button")) b.setAttribute("disabled", "");
    try {
      await api(`/v1/escalations/${encodeURIComponent(esc.id)}/decision`, { method: "POST", json: body });
      lastDecision = `${esc.id}: ${body.decision}`;
      article.remove();
      onDecided();
    } catch (e) {
      error.textContent = e instanceof Error ? e.message : String(e);
      for (const b of article.querySelectorAll("button")) b.removeAttribute("disabled");
    }
  };
  const form = modifyForm(esc, proposed, decide);
  const button = (/** @type {string} */ label, /** @type {() => void} */ action) => {
    const b = el("button", { type: "button" }, label);
    b.addEventListener("click", action);
    return b;
  };
  article.append(
    el(
      "div",
      { class: "actions" },
      button("Approve", () => decide({ decision: "approve" })),
      button("Reject", () => decide({ decision: "reject" })),
      button("Modify", () => {
        form.hidden = false;
        form.querySelector("input")?.focus();
      }),
    ),
    form,
    error,
  );
  return article;
}

/** The Modify form: a resolution type, an amount and a note. @param {any} esc @param {any} proposed @param {(body: any) => void} decide */
function modifyForm(esc, proposed, decide) {
  const id = (/** @type {string} */ f) => `modify-${f}-${esc.id}`;
  const type = el("input", {
    id: id("type"),
    name: "resolution_type",
    required: true,
    pattern: "[a-z][a-z0-9_]{1,63}",
    title: "a snake_case resolution type, e.g. notify_with_discount",
  });
  /** @type {HTMLInputElement} */ (type).value =
    typeof proposed.resolution_type === "string" ? proposed.resolution_type : "";
  const amount = el("input", { id: id("amount"), name: "amount", type: "number", min: "0", step: "0.01" });
  if (typeof proposed.amount === "number") /** @type {HTMLInputElement} */ (amount).value = String(proposed.amount);
  const note = el("textarea", { id: id("note"), name: "note", rows: 2, maxlength: 2000 });
  const form = /** @type {HTMLFormElement} */ (
    el(
      "form",
      { class: "modify", hidden: true },
      el("label", { for: id("type") }, "Resolution"),
      type,
      el("label", { for: id("amount") }, "Amount (USD)"),
      amount,
      el("label", { for: id("note") }, "Note"),
      note,
      el("button", { type: "submit" }, "Submit"),
    )
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const value = /** @type {HTMLInputElement} */ (amount).value;
    const noteText = /** @type {HTMLTextAreaElement} */ (note).value.trim();
    decide({
      decision: "modify",
      resolution: {
        resolution_type: /** @type {HTMLInputElement} */ (type).value.trim(),
        ...(value === "" ? {} : { amount: Number(value) }),
      },
      ...(noteText ? { note: noteText } : {}),
    });
  });
  return form;
}
