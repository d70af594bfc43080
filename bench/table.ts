/** The table `npm run bench` prints (and the README shows), made from results.json alone. */
import type { BenchResults, TargetResult } from "./results-schema";

const num = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? "-" : v.toFixed(digits));
const x = (v: number | null | undefined) => (v === null || v === undefined ? "-" : `${v.toFixed(2)}x`);
const verdict = (t: TargetResult | undefined) =>
  t === undefined ? "" : t.passed === null ? "not measured" : t.passed ? "pass" : "FAIL";

function markdown(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function readsTable(r: BenchResults, target: (id: string) => TargetResult | undefined): string {
  if (!r.reads) return "";
  const rows = r.reads.map((p) => [
    `${p.name} (\`${p.method} ${p.path.replace(/BN-[A-Z0-9-]+/, ":po").replace(/\?.*/, "?q=…")}\`)`,
    `${num(p.one_connection.p50_ms, 2)} / ${num(p.one_connection.p99_ms, 2)}`,
    `${num(p.floor.p50_ms, 2)} / ${num(p.floor.p99_ms, 2)}`,
    `${x(p.ratio.p50)} ${verdict(target(`read_p50:${p.name}`))}`,
    num(p.fifty_connections.rps, 0),
    num(p.floor.rps, 0),
    `${x(p.ratio.rps)} ${verdict(target(`read_rps:${p.name}`))}`,
  ]);
  const header = [
    "read path",
    "p50 / p99 ms",
    "floor p50 / p99",
    "p50 ratio (<= 1.5x)",
    "req/s @50",
    "floor req/s",
    "ratio (>= 0.8x)",
  ];
  return `Read paths (${r.reads[0]?.auth ?? ""})\n\n${markdown(header, rows)}`;
}

function figuresTable(r: BenchResults, target: (id: string) => TargetResult | undefined): string {
  const rows: string[][] = [];
  const add = (figure: string, value: string, floor: string, id?: string, note = "") =>
    rows.push([figure, value, floor, id ? verdict(target(id)) : note]);
  const p = r.pipeline;
  if (p) {
    add("pipeline: POs settled a minute (target >= 600)", num(p.pos_per_minute), "-", "pipeline_rate");
    add(
      "pipeline: intake to settled p50 / p95 ms (p95 <= 2000)",
      `${num(p.intake_to_settled.p50_ms, 0)} / ${num(p.intake_to_settled.p95_ms, 0)}`,
      "-",
      "pipeline_p95",
    );
    add("pipeline: system CPU per PO settled, ms (all its processes)", num(p.cpu_ms_per_po, 0), "-", undefined, "");
    add(
      `pipeline: ${p.offered_per_s} POs/s offered, submitted / settled / 429`,
      `${p.submitted} / ${p.settled} / ${p.refused_429}`,
      "-",
      undefined,
      `at most ${p.in_flight_max} in flight (limit ${p.admission_limit})`,
    );
  }
  const w = r.websocket;
  if (w) {
    add(
      `WebSocket: ${w.subscribers} subscribers, event to receipt p50 / p99 ms (p99 <= 100)`,
      `${num(w.event_to_receipt.p50_ms)} / ${num(w.event_to_receipt.p99_ms)}`,
      `${num(w.floor.p50_ms, 2)} / ${num(w.floor.p99_ms, 2)}`,
      "ws_p99",
    );
    add("WebSocket: receipts / missing", `${w.receipts} / ${w.missing}`, "-", "ws_missing");
  }
  const o = r.overload;
  if (o) {
    add(`overload: ${o.sent} POs at once, lost`, String(o.lost), "-", "overload_lost");
    add("overload: 5xx", String(o.server_5xx), "-", "overload_5xx");
    add(
      "overload: 202 / 429 (with Retry-After)",
      `${o.accepted} / ${o.refused_429} (${o.with_retry_after})`,
      "-",
      "overload_429_without_retry_after",
    );
  }
  const m = r.model_cost;
  if (m) {
    add(
      `model cost per interaction, USD (${m.cases} cases, <= 0.005)`,
      m.per_interaction_usd.toFixed(5),
      "-",
      "model_cost",
    );
    const mix = Object.entries(m.model_mix.by_model).map(([k, v]) => `${k} ${(v.share * 100).toFixed(0)}%`);
    add("model mix (calls)", `${m.model_mix.calls}: ${mix.join(", ") || "none"}`, "-", undefined, "");
    add(
      "evaluation accuracy",
      `${(m.accuracy * 100).toFixed(1)}%`,
      "-",
      undefined,
      m.gate_passed ? "gate passed" : "gate FAILED",
    );
  }
  const c = r.running_cost;
  if (c) {
    const cr = c.cost_of_running;
    if (cr) {
      add(
        "cost of running: infrastructure USD / 1,000 orders (<= 0.15)",
        cr.usd_per_1000_orders.infrastructure.toFixed(4),
        "-",
        "infrastructure_cost",
      );
      add(
        "cost of running: model USD / 1,000 orders",
        cr.usd_per_1000_orders.model.toFixed(4),
        "-",
        undefined,
        `${cr.orders} orders, ${cr.basis}`,
      );
      const per = cr.per_order;
      add(
        "per order: requests (Worker / DO), D1 rows r/w, DO rows r/w, queue ops",
        `${num(per.worker_requests)} / ${num(per.do_requests)}, ${num(per.d1_rows_read)}/${num(per.d1_rows_written)}, ` +
          `${num(per.do_rows_read)}/${num(per.do_rows_written)}, ${num(per.queue_operations)}`,
        "-",
      );
    } else add("cost of running", "not available", "-", undefined, c.note ?? "");
  }
  const k = r.catalog;
  if (k) {
    add(
      `catalog search over ${k.parts ?? "?"} parts, p50 / p99 ms (${k.search.queries} queries)`,
      `${num(k.search.latency.p50_ms)} / ${num(k.search.latency.p99_ms)}`,
      `${num(k.search.floor.p50_ms, 2)} / ${num(k.search.floor.p99_ms, 2)}`,
      undefined,
      `${x(k.search.ratio.p50)} floor p50`,
    );
    add(
      `catalog import: ${k.import.rows.toLocaleString("en")} rows (PUT /v1/admin/catalog), s`,
      num(k.import.ms / 1000),
      "-",
      undefined,
      `HTTP ${k.import.status}`,
    );
  }
  return rows.length ? markdown(["figure", "value", "floor", "target"], rows) : "";
}

export function formatTable(r: BenchResults): string {
  const byId = new Map(r.targets.map((t) => [t.id, t]));
  const target = (id: string) => byId.get(id);
  const m = r.machine;
  const head =
    `Bench ${r.generated_at} (${r.duration_s} s${r.options.quick ? ", quick" : ""}): ${m.cores} cores, ${m.cpu_model}, ` +
    `Node ${m.node}, wrangler ${m.wrangler}, commit ${m.git_commit.slice(0, 10)}${m.git_dirty ? " (dirty)" : ""}`;
  const s = r.summary;
  const failures = r.errors.map((e) => `Section ${e.section} FAILED: ${e.message}`);
  const tail = [`Targets: ${s.passed} passed, ${s.failed} failed, ${s.not_measured} not measured`, ...failures].join(
    "\n",
  );
  return [head, readsTable(r, target), figuresTable(r, target), tail].filter(Boolean).join("\n\n");
}
