import { Hono } from "hono";
import { loadTrace } from "../../shared/db/spans-repository";
import { toOtlpTraces } from "../../shared/otlp";
import type { AppEnv } from "../context";
import { notFound } from "../errors";
import { TraceQuery } from "../http/request-schemas";
import { validate } from "../http/validate";
import { authenticate } from "../middleware";
import { PROBLEMS } from "../problems";

/** The spans of one trace, for operations (DESIGN §9): the stored records, or OTLP/JSON with `?format=otlp`. */
export const tracesRoutes = new Hono<AppEnv>().get("/:trace_id", authenticate(["ops"]), async (c) => {
  const { format } = validate(TraceQuery, c.req.query(), PROBLEMS.invalidRequest, "the request");
  const traceId = c.req.param("trace_id").toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(traceId)) throw notFound("trace ids are 32 hex digits");
  const spans = await loadTrace(c.env.DB, traceId);
  if (spans.length === 0) throw notFound(`no spans recorded for trace ${traceId}`);
  if (format === "otlp") return c.json(toOtlpTraces(spans, c.env.DEPLOYMENT));
  return c.json({ trace_id: traceId, spans });
});
