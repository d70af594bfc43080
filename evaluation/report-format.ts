/** The evaluation report as a console table and as Markdown. */
import type { EvaluationReport, LatencyStat } from "./report-types";

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
const ms = (n: number | null) =>
  n === null ? "-" : n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`;
const usd = (n: number) => `$${n.toFixed(n < 0.01 ? 6 : 4)}`;
const target = (s: LatencyStat) =>
  s.target_ms === null
    ? ""
    : `, target ${ms(s.target_ms)}, within ${s.within_target === null ? "-" : pct(s.within_target)}`;
const latency = (s: LatencyStat) => `p50 ${ms(s.p50_ms)}, p95 ${ms(s.p95_ms)} (n=${s.samples}${target(s)})`;

function rows(r: EvaluationReport): string[][] {
  const head = ["category", "cases", "pass", "partial", "fail", "accuracy", "partial credit", `pass^${r.trials}`];
  const body = Object.entries(r.accuracy.by_category).map(([cat, t]) => [
    cat,
    String(t.cases),
    String(t.pass),
    String(t.partial),
    String(t.fail),
    pct(t.accuracy),
    pct(t.partial_credit),
    pct(r.pass_k.by_category[cat]?.rate ?? 0),
  ]);
  const o = r.accuracy.overall;
  return [
    head,
    ...body,
    [
      "overall",
      String(o.cases),
      String(o.pass),
      String(o.partial),
      String(o.fail),
      pct(o.accuracy),
      pct(o.partial_credit),
      pct(r.pass_k.overall.rate),
    ],
  ];
}

function metricLines(r: EvaluationReport): string[] {
  const e = r.escalation_rate;
  const tasks = Object.entries(r.cost.by_task).map(
    ([t, c]) => `${t} ${c.calls} calls ${usd(c.total_usd)} (mean ${usd(c.mean_usd)}, ${c.basis.join("/")})`,
  );
  const mix = Object.entries(r.model_mix.by_model).map(([m, c]) => `${m} ${pct(c.share)} (${c.calls})`);
  return [
    `escalation rate: ${pct(e.rate)} (${e.escalated} of ${e.cases_with_orders} cases with orders; ` +
      `the suite expects ${pct(e.expected_rate)}, ${e.expected}; production target < ${pct(e.target)})`,
    `cost per interaction: ${usd(r.cost.per_interaction_usd)} mean over ${r.cost.orders} orders (target < ${usd(r.cost.target_usd)}); basis ${Object.entries(
      r.cost.basis,
    )
      .map(([b, n]) => `${b} ${n}`)
      .join(", ")}`,
    `cost by task (spans): ${tasks.join("; ") || "no model spans found"}`,
    `model mix: ${mix.join(", ") || "no model calls"} of ${r.model_mix.calls} calls`,
    `latency status_query (server latency_ms): ${latency(r.latency.status_query_server)}`,
    `latency status_query (client round trip): ${latency(r.latency.status_query_client)}`,
    `latency exception resolution (event sent -> order settled): ${latency(r.latency.exception_resolution_end_to_end)}`,
    `latency agent exception span: ${latency(r.latency.agent_exception_span)}`,
    `latency intake -> settled: ${latency(r.latency.intake_to_settled)}`,
  ];
}

/** A case that did not pass, or that the runner could not play or wait out. */
const notClean = (c: EvaluationReport["cases"][number]) =>
  c.outcome !== "pass" || c.errors.length > 0 || c.timeouts.length > 0;

/** Each check of the gate, passed or not, with the cases behind a failure. */
function gateLines(r: EvaluationReport): string[] {
  const out = [`gate: ${r.gate.passed ? "PASSED" : "FAILED"}`];
  for (const c of r.gate.checks) {
    out.push(`  ${c.passed ? "pass" : "FAIL"}  ${c.name}: ${c.actual}, required ${c.required}`);
    if (!c.passed) for (const o of c.offenders.slice(0, 20)) out.push(`          ${o.slice(0, 300)}`);
  }
  return out;
}

/** A fixed-width table with the metrics under it, for a console. */
export function formatTable(r: EvaluationReport): string {
  const table = rows(r);
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const out = [
    line(table[0]!),
    rule,
    ...table.slice(1, -1).map(line),
    rule,
    line(table.at(-1)!),
    "",
    ...gateLines(r),
    "",
    ...metricLines(r),
  ];
  const failing = r.cases.filter(notClean);
  if (failing.length) {
    out.push("", `not passing (${failing.length}):`);
    for (const c of failing) {
      out.push(`  [${c.trial}] ${c.outcome.toUpperCase()} ${c.id} (${c.held}/${c.total})`);
      for (const f of c.failed)
        out.push(
          `      ${f.path}: expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.actual)?.slice(0, 200)} (trace ${f.trace_id ?? "-"})`,
        );
      for (const e of c.errors) out.push(`      error: ${e.slice(0, 300)}`);
      for (const t of c.timeouts) out.push(`      time-out: ${t.slice(0, 300)}`);
    }
  }
  return out.join("\n");
}

/** The same report as Markdown, for `evaluation/reports/latest.md`. */
export function formatMarkdown(r: EvaluationReport): string {
  const table = rows(r);
  const md = (row: string[]) => `| ${row.join(" | ")} |`;
  const out = [
    `# Evaluation report`,
    "",
    `${r.generated_at} · mode ${r.mode} · ${r.suite_cases} cases × ${r.trials} trial(s) · ` +
      `namespaces ${r.namespaces.join(", ")} · ${(r.duration_ms / 1000).toFixed(1)} s`,
    "",
    md(table[0]!),
    md(table[0]!.map((_, i) => (i === 0 ? "---" : "---:"))),
    ...table.slice(1).map((row, i, all) => md(i === all.length - 1 ? row.map((c) => `**${c}**`) : row)),
    "",
    "Accuracy is the share of cases that passed (every expectation held); partial credit counts a partial as half.",
    "",
    "## Gate",
    "",
    "```",
    ...gateLines(r),
    "```",
    "",
    "## Metrics",
    "",
    ...metricLines(r).map((l) => `- ${l}`),
    "",
  ];
  const failing = r.cases.filter(notClean);
  out.push(`## Cases not passing (${failing.length})`, "");
  if (!failing.length) out.push("None.", "");
  for (const c of failing) {
    out.push(`### ${c.id} (${c.category}, trial ${c.trial}): ${c.outcome}, ${c.held}/${c.total}`, "");
    if (c.failed.length) {
      out.push("| path | expected | actual | trace |", "| --- | --- | --- | --- |");
      const cell = (v: unknown) => `\`${(JSON.stringify(v) ?? "undefined").slice(0, 160).replace(/\|/g, "\\|")}\``;
      for (const f of c.failed)
        out.push(`| \`${f.path}\` | ${cell(f.expected)} | ${cell(f.actual)} | ${f.trace_id ?? "-"} |`);
      out.push("");
    }
    for (const e of c.errors) out.push(`- error: ${e.slice(0, 300)}`);
    for (const t of c.timeouts) out.push(`- time-out: ${t.slice(0, 300)}`);
    if (c.errors.length || c.timeouts.length) out.push("");
  }
  return out.join("\n");
}
