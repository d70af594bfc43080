// The dashboard view: the window selector and the eight panels, refreshed from GET /v1/metrics.
import { ApiError, api } from "./api.js";
import { draw } from "./charts.js";
import { el, replace } from "./dom.js";
import { PANELS } from "./panels.js";

const WINDOWS = ["1h", "24h", "7d", "30d"];
let selected = "24h";

/** Builds the dashboard view; `refresh` is called when the window changes. @param {() => void} refresh */
export function dashboardView(refresh) {
  const select = el(
    "select",
    { id: "window", "aria-label": "Window" },
    ...WINDOWS.map((w) => el("option", { value: w, selected: w === selected }, w)),
  );
  select.addEventListener("change", () => {
    selected = /** @type {HTMLSelectElement} */ (select).value;
    refresh();
  });
  return el(
    "div",
    { class: "dashboard" },
    el(
      "div",
      { class: "toolbar" },
      el("label", { for: "window" }, "Window "),
      select,
      el("p", { id: "metrics-status", role: "status" }),
    ),
    el(
      "div",
      { class: "panels" },
      ...PANELS.map((p) =>
        el(
          "section",
          { class: "panel", "data-panel": p.name, "data-updated-at": "", "aria-labelledby": `panel-${p.name}` },
          el("h2", { id: `panel-${p.name}` }, p.title),
          el("div", { class: "figures" }),
          el("div", { class: "chart" }, el("canvas", { role: "img", "aria-label": p.title })),
          el("div", { class: "detail" }),
        ),
      ),
    ),
  );
}

/** Fetches the metrics of the selected window and redraws every panel in place. @param {HTMLElement} root */
export async function refreshDashboard(root) {
  const status = root.querySelector("#metrics-status");
  let metrics;
  try {
    metrics = await api(`/v1/metrics?window=${encodeURIComponent(selected)}`);
  } catch (e) {
    if (!(e instanceof ApiError) || e.status === 401) throw e;
    const why = e.status === 404 ? "Metrics are not available from this server yet." : `Metrics failed: ${e.message}`;
    if (status) status.textContent = why;
    return;
  }
  if (status) status.textContent = "";
  const at = metrics.generated_at ?? new Date().toISOString();
  for (const panel of PANELS) {
    const section = root.querySelector(`[data-panel="${panel.name}"]`);
    if (!section) continue;
    const data = panel.render(metrics);
    replace(section.querySelector(".figures"), data.figures);
    const canvas = section.querySelector("canvas");
    canvas.setAttribute("aria-label", data.label);
    const chartBox = section.querySelector(".chart");
    chartBox.classList.toggle("idle", !data.chart);
    if (data.chart) draw(canvas, data.chart);
    else draw(canvas, { type: "doughnut", data: { labels: [], datasets: [] } });
    replace(section.querySelector(".detail"), ...(data.detail ? [data.detail] : []));
    section.setAttribute("data-updated-at", at);
  }
}
