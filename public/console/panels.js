// The eight panels of DESIGN §9, each drawn from its part of GET /v1/metrics (DESIGN §12).
// A panel answers with its figures (text), a chart config (or null) and a table.
import { color } from "./charts.js";
import { facts, pct, table, usd } from "./dom.js";

const CHANNELS = ["portal", "edi", "email"];
const n = (/** @type {unknown} */ v) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const doughnut = (
  /** @type {string[]} */ labels,
  /** @type {number[]} */ values,
  /** @type {string[]} */ colors = labels.map((_, i) => color(i)),
) =>
  values.some((v) => v > 0)
    ? { type: "doughnut", data: { labels, datasets: [{ data: values, backgroundColor: colors }] } }
    : null;

// Green for on time, amber for at risk, red for breached: the colours an operations manager reads first.
const SLA_COLORS = ["#10b981", "#f59e0b", "#ef4444"];

/** A task with a DESIGN target (5 s status questions, 60 s exception resolution); others have none. */
const hasTarget = (/** @type {any} */ r) => typeof r.target_ms === "number" && r.target_ms > 0;
const overTarget = (/** @type {any} */ r) => hasTarget(r) && n(r.p95_ms) > n(r.target_ms);

/** @param {string} hour @param {string} window */
function hourLabel(hour, window) {
  const d = new Date(hour);
  if (Number.isNaN(d.getTime())) return String(hour);
  const hh = `${String(d.getUTCHours()).padStart(2, "0")}:00`;
  return window === "1h" || window === "24h" ? hh : `${d.toISOString().slice(5, 10)} ${hh}`;
}

/** @typedef {{ figures: Node, chart: any, label: string, detail: Node | null }} PanelData */

/** @type {{ name: string, title: string, render: (m: any) => PanelData }[]} */
export const PANELS = [
  {
    name: "orders",
    title: "Orders per hour",
    render: (m) => {
      const hours = m.orders_per_hour ?? [];
      const total = hours.reduce((s, h) => s + n(h.received), 0);
      const byChannel = CHANNELS.map((c) => hours.reduce((s, h) => s + n(h.by_channel?.[c]), 0));
      return {
        figures: facts([["Received", total], ...CHANNELS.map((c, i) => [c, byChannel[i]])]),
        label: `Orders received per hour, stacked by channel: ${total} in the window`,
        chart: {
          type: "bar",
          data: {
            labels: hours.map((h) => hourLabel(h.hour, m.window)),
            datasets: CHANNELS.map((c, i) => ({
              label: c,
              data: hours.map((h) => n(h.by_channel?.[c])),
              backgroundColor: color(i),
            })),
          },
          options: {
            scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
          },
        },
        detail: null,
      };
    },
  },
  {
    name: "cost",
    title: "Cost per interaction and model mix",
    render: (m) => {
      const c = m.cost ?? {};
      const mix = c.model_mix ?? [];
      return {
        figures: facts([
          ["Per interaction", usd(n(c.per_interaction_usd))],
          ["Interactions", n(c.interactions)],
          ["Total", usd(n(c.total_usd))],
          ["Basis", c.basis ?? "—"],
        ]),
        label: "Model mix by cost",
        chart: doughnut(
          mix.map((x) => x.model),
          mix.map((x) => n(x.cost_usd)),
        ),
        detail: table(
          "Model mix",
          ["Model", "Calls", "Share", "Cost"],
          mix.map((x) => [x.model, n(x.calls), pct(n(x.share)), usd(n(x.cost_usd))]),
        ),
      };
    },
  },
  {
    name: "latency",
    title: "Latency p50 / p95 by task",
    render: (m) => {
      const rows = m.latency ?? [];
      return {
        figures: facts([["Over target (p95)", rows.filter(overTarget).length]]),
        label: "Latency p50 and p95 per task in milliseconds, with each task's target",
        chart: {
          type: "bar",
          data: {
            labels: rows.map((r) => r.task),
            datasets: [
              { label: "p50 ms", data: rows.map((r) => n(r.p50_ms)), backgroundColor: color(0) },
              { label: "p95 ms", data: rows.map((r) => n(r.p95_ms)), backgroundColor: color(1) },
              // Each task has its own target (5 s or 60 s): a marker per bar, not a line across tasks.
              {
                type: "line",
                label: "target ms",
                data: rows.map((r) => (hasTarget(r) ? n(r.target_ms) : null)),
                showLine: false,
                pointStyle: "line",
                pointRadius: 24,
                borderWidth: 3,
                borderColor: color(3),
                backgroundColor: color(3),
              },
            ],
          },
          options: { scales: { y: { beginAtZero: true } } },
        },
        detail: table(
          "Latency by task",
          ["Task", "Count", "p50 ms", "p95 ms", "Target ms", "p95 vs target"],
          rows.map((r) => [
            r.task,
            n(r.count),
            n(r.p50_ms),
            n(r.p95_ms),
            hasTarget(r) ? n(r.target_ms) : "none",
            hasTarget(r) ? (overTarget(r) ? "over" : "ok") : "no target",
          ]),
        ),
      };
    },
  },
  {
    name: "sla",
    title: "SLA compliance",
    render: (m) => {
      const s = m.sla ?? {};
      return {
        figures: facts([
          // An idle window has no compliance to speak of, rather than 0 %.
          ["Compliance", n(s.orders) ? pct(n(s.compliance)) : "no orders"],
          ["Orders", n(s.orders)],
          ["On time", n(s.on_time)],
          ["At risk", n(s.at_risk)],
          ["Breached", n(s.breached)],
        ]),
        label: "Orders on time, at risk and breached",
        chart: doughnut(["on time", "at risk", "breached"], [n(s.on_time), n(s.at_risk), n(s.breached)], SLA_COLORS),
        detail: null,
      };
    },
  },
  {
    name: "exceptions",
    title: "Exceptions by type and resolution",
    render: (m) => {
      const rows = m.exceptions ?? [];
      return {
        figures: facts([
          ["Exceptions", rows.reduce((s, r) => s + n(r.count), 0)],
          ["Escalated", rows.reduce((s, r) => s + n(r.escalated), 0)],
        ]),
        label: "Exceptions per type and resolution, and how many were escalated",
        chart: rows.length
          ? {
              type: "bar",
              data: {
                labels: rows.map((r) => `${r.type} → ${r.resolution_type ?? "open"}`),
                datasets: [
                  { label: "count", data: rows.map((r) => n(r.count)), backgroundColor: color(0) },
                  { label: "escalated", data: rows.map((r) => n(r.escalated)), backgroundColor: color(3) },
                ],
              },
              options: { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
            }
          : null,
        detail: table(
          "Exceptions",
          ["Type", "Resolution", "Count", "Escalated"],
          rows.map((r) => [r.type, r.resolution_type ?? "—", n(r.count), n(r.escalated)]),
        ),
      };
    },
  },
  {
    name: "escalation",
    title: "Escalation rate",
    render: (m) => {
      const e = m.escalation ?? {};
      return {
        figures: facts([
          ["Rate", n(e.decided_by_system) + n(e.escalated) ? pct(n(e.rate)) : "no decisions"],
          ["Open now", n(e.open)],
          ["Decided by the system", n(e.decided_by_system)],
          ["Escalated", n(e.escalated)],
        ]),
        label: "Decisions taken by the system against decisions escalated to a person",
        chart: doughnut(["decided by the system", "escalated"], [n(e.decided_by_system), n(e.escalated)]),
        detail: null,
      };
    },
  },
  {
    name: "cache",
    title: "Prompt-cache hit rate",
    render: (m) => {
      const p = m.prompt_cache ?? {};
      const buckets = [n(p.cache_read_tokens), n(p.cache_write_tokens), n(p.uncached_input_tokens)];
      return {
        figures: facts([
          ["Hit rate", pct(n(p.hit_rate))],
          ["Cache read tokens", buckets[0]],
          ["Cache write tokens", buckets[1]],
          ["Uncached input tokens", buckets[2]],
        ]),
        label: "Input tokens by bucket: cache read, cache write, uncached",
        chart: doughnut(["cache read", "cache write", "uncached"], buckets),
        detail: null,
      };
    },
  },
  {
    name: "operations",
    title: "Breakers, queues and admission",
    render: (m) => {
      const o = m.operations ?? {};
      const a = o.admission ?? {};
      const queues = o.queues ?? [];
      const node = document.createElement("div");
      node.append(
        table(
          "Circuit breakers",
          ["Breaker", "State", "Failures"],
          (o.breakers ?? []).map((b) => [b.name, b.state, n(b.failures)]),
        ),
        table(
          "Queue backlog",
          ["Queue", "Pending"],
          queues.map((q) => [q.name, n(q.pending)]),
        ),
      );
      return {
        figures: facts([
          ["In flight", n(a.in_flight)],
          ["Waiting", n(a.waiting)],
          ["Refused (429)", n(a.refused_429)],
        ]),
        label: "Queue backlog per queue",
        chart: {
          type: "bar",
          data: {
            labels: queues.map((q) => q.name),
            datasets: [{ label: "pending", data: queues.map((q) => n(q.pending)), backgroundColor: color(5) }],
          },
          options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
        },
        detail: node,
      };
    },
  },
];
