// A trace as a waterfall: one row per span, its bar placed by start and sized by duration
// against the whole trace; model calls show their model, tokens and cost (GenAI attributes).
import { el, usd } from "./dom.js";

/** @param {Record<string, unknown>} a */
function modelCall(a) {
  const model = a["gen_ai.response.model"] ?? a["gen_ai.request.model"];
  if (!model) return null;
  const num = (/** @type {string} */ k) => (typeof a[k] === "number" ? a[k] : 0);
  const cost = typeof a["llm.cost_usd"] === "number" ? usd(a["llm.cost_usd"]) : "cost unknown";
  return (
    `${model} · ${num("gen_ai.usage.input_tokens")} in / ${num("gen_ai.usage.output_tokens")} out tokens` +
    ` (cache read ${num("gen_ai.usage.cache_read.input_tokens")}, write ${num("gen_ai.usage.cache_creation.input_tokens")})` +
    ` · ${cost}`
  );
}

/** Depth of each span under its parents, for indentation. @param {any[]} spans */
function depths(spans) {
  const byId = new Map(spans.map((s) => [s.span_id, s]));
  /** @type {Map<string, number>} */
  const memo = new Map();
  const depth = (/** @type {any} */ s, /** @type {number} */ guard) => {
    if (memo.has(s.span_id)) return memo.get(s.span_id);
    const parent = s.parent_span_id ? byId.get(s.parent_span_id) : undefined;
    const d = parent && guard < 32 ? depth(parent, guard + 1) + 1 : 0;
    memo.set(s.span_id, d);
    return d;
  };
  for (const s of spans) depth(s, 0);
  return memo;
}

/** The waterfall of one trace. @param {string} traceId @param {any[]} spans */
export function waterfall(traceId, spans) {
  const start = Math.min(...spans.map((s) => s.start_ms));
  const end = Math.max(...spans.map((s) => s.end_ms ?? s.start_ms));
  const total = Math.max(end - start, 1);
  const depth = depths(spans);
  return el(
    "div",
    { class: "trace", "data-trace-id": traceId },
    el("h4", {}, `Trace ${traceId} · ${spans.length} spans · ${end - start} ms`),
    ...spans.map((s) => {
      const duration = Math.max((s.end_ms ?? s.start_ms) - s.start_ms, 0);
      const left = ((s.start_ms - start) / total) * 100;
      const width = Math.max((duration / total) * 100, 0.3);
      const model = modelCall(s.attributes ?? {});
      return el(
        "div",
        { class: `span${model ? " model" : ""}${s.status === "error" ? " failed" : ""}`, "data-span-id": s.span_id },
        el(
          "div",
          { class: "span-label", style: `padding-left:${(depth.get(s.span_id) ?? 0) * 0.75}rem` },
          el("span", { class: "span-name" }, s.name),
          el("span", { class: "span-ms" }, ` ${duration} ms`),
          model ? el("span", { class: "span-model" }, model) : null,
        ),
        el(
          "div",
          { class: "span-track", "aria-hidden": "true" },
          el("div", { class: "span-bar", style: `left:${left.toFixed(2)}%;width:${width.toFixed(2)}%` }),
        ),
      );
    }),
  );
}
