import { and, desc, eq, type SQL } from "drizzle-orm";
import { Hono } from "hono";
import { toStoredEpisode } from "../../shared/db/episode-repository";
import { loadRules } from "../../shared/db/memory-repository";
import { database } from "../../shared/db/client";
import * as schema from "../../shared/db/schema";
import type { AppEnv } from "../context";
import { EpisodeQuery } from "../http/request-schemas";
import { validate } from "../http/validate";
import { authenticate } from "../middleware";
import { PROBLEMS } from "../problems";

/** Memory inspection (DESIGN §4): episodes (a customer sees only its own) and procedural rules. */
export const memoryRoutes = new Hono<AppEnv>()
  .get("/episodes", authenticate(["ops", "customer"]), async (c) => {
    const q = validate(EpisodeQuery, c.req.query(), PROBLEMS.invalidRequest, "the request");
    const principal = c.get("principal");
    const t = schema.episodes;
    const customerId = principal.kind === "customer" ? principal.customerId : q.customer_id;
    const where: SQL[] = [];
    if (customerId) where.push(eq(t.customerId, customerId));
    if (q.exception_type) where.push(eq(t.exceptionType, q.exception_type));
    const rows = await database(c.env.DB)
      .select()
      .from(t)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(t.occurredAt))
      .limit(q.limit)
      .all();
    return c.json({
      episodes: rows.map((r) => ({
        ...toStoredEpisode(r),
        resolution: r.resolution,
        po_number: r.poNumber,
        exception_id: r.exceptionId,
      })),
    });
  })
  .get("/rules", authenticate(["ops"]), async (c) => c.json({ rules: await loadRules(c.env.DB) }));
