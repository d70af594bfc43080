import type { SpanRecord } from "../tracing";

/** Targets of DESIGN §10/§11: a status query answers within 5 s, an exception is resolved within 60 s. */
export const LATENCY_TARGETS_MS: Readonly<Record<string, number>> = {
  status_query: 5_000,
  exception_resolution: 60_000,
};

/** The order-level latency, measured from the order index rather than from spans. */
export const INTAKE_TO_SETTLED = "intake_to_settled";

const STATUS_QUERY_PATH = /^POST \/v1\/orders\/[^/]+\/status-query$/;

/**
 * The latency figure a span counts for, stored beside it so the metrics read an index instead of
 * every span's attributes: a model call as `model:<task>`, a status query request, and an
 * exception agent run that had exceptions to resolve (every order passes that stage; runs with
 * nothing open would hide the resolutions' latency). Null for every other span.
 */
export function metricTask(span: Pick<SpanRecord, "name" | "kind" | "attributes">): string | null {
  const task = span.attributes["llm.task"];
  if (span.kind === "client" && typeof task === "string") return `model:${task}`;
  if (span.kind === "server" && STATUS_QUERY_PATH.test(span.name)) return "status_query";
  const open = span.attributes["exception.open"];
  if (span.kind === "consumer" && span.name === "agent exception" && typeof open === "number" && open > 0)
    return "exception_resolution";
  return null;
}
