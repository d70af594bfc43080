// One Chart.js chart per panel, created once and then updated in place, so a 5-second refresh
// neither flickers nor leaks canvases. Chart.js is the UMD build served from /vendor/.
const PALETTE = ["#2563eb", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#0891b2", "#db2777", "#65a30d"];
export const color = (/** @type {number} */ i) => PALETTE[i % PALETTE.length];

/** @type {Map<HTMLCanvasElement, any>} */
const charts = new Map();

/**
 * Draws or updates the chart on a canvas.
 * @param {HTMLCanvasElement} canvas
 * @param {{ type: string, data: any, options?: any }} config
 */
export function draw(canvas, config) {
  const existing = charts.get(canvas);
  if (existing && existing.config.type === config.type) {
    existing.data = config.data;
    existing.options = withDefaults(config.options);
    existing.update("none");
    return;
  }
  existing?.destroy();
  const ChartJs = /** @type {any} */ (window).Chart;
  if (!ChartJs) return; // the library failed to load: the panels' tables still carry the figures
  charts.set(canvas, new ChartJs(canvas, { ...config, options: withDefaults(config.options) }));
}

/** Destroys every chart (on sign-out). */
export function destroyCharts() {
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
}

/** @param {any} options */
function withDefaults(options = {}) {
  return { responsive: true, maintainAspectRatio: false, animation: false, ...options };
}
