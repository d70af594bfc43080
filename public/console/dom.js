// Every piece of data reaches the page as text (textContent), never as markup: order notes,
// reasons and model output are partner or model text.

/**
 * Builds an element. `attrs` are attributes (a `false`/`null`/`undefined` value is skipped);
 * children are nodes or strings (strings become text nodes).
 * @param {string} tag
 * @param {Record<string, string | number | boolean | null | undefined>} [attrs]
 * @param {...(Node | string | number | null | undefined | false)} children
 * @returns {HTMLElement}
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" || typeof child === "number" ? String(child) : child);
  }
  return node;
}

/** @param {Element} node @param {...(Node | string)} children */
export function replace(node, ...children) {
  node.replaceChildren(...children);
}

/** A table with a caption, header cells and rows of text. @param {string} caption @param {string[]} head @param {(string | number)[][]} rows */
export function table(caption, head, rows) {
  return el(
    "table",
    {},
    el("caption", {}, caption),
    el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col" }, h)))),
    el(
      "tbody",
      {},
      ...(rows.length
        ? rows.map((r) => el("tr", {}, ...r.map((c) => el("td", {}, String(c)))))
        : [el("tr", {}, el("td", { colspan: head.length, class: "empty" }, "none in this window"))]),
    ),
  );
}

/** A definition list of label/value pairs. @param {[string, string | number | Node][]} pairs */
export function facts(pairs) {
  return el("dl", { class: "facts" }, ...pairs.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}

/** Any JSON value as short readable text. @param {unknown} value */
export function show(value) {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

export const usd = (/** @type {number} */ n) => `$${Number(n ?? 0).toFixed(n !== 0 && Math.abs(n) < 1 ? 4 : 2)}`;
export const pct = (/** @type {number} */ r) => `${(Number(r ?? 0) * 100).toFixed(1)}%`;
