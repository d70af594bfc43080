import { Hono } from "hono";
import { loadTrace } from "../../shared/db/spans-repository";
import type { AppEnv } from "../context";
import { notFound } from "../errors";
import { authenticate } from "../middleware";

/** The spans of one trace, for operations (DESIGN §9). */
export const tracesRoutes = new Hono<AppEnv>().get("/:trace_id", authenticate(["ops"]), async (c) => {
  const traceId = c.req.param("trace_id").toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(traceId)) throw notFound("trace ids are 32 hex digits");
  const spans = await loadTrace(c.env.DB, traceId);
  if (spans.length === 0) throw notFound(`no spans recorded for trace ${traceId}`);
  return c.json({ trace_id: traceId, spans });
});
