import { and, desc, eq, type SQL } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { toStoredEpisode } from "../../shared/db/episode-repository";
import { loadRules } from "../../shared/db/memory-repository";
import { database } from "../../shared/db/client";
import * as schema from "../../shared/db/schema";
import { CUSTOMER_ID } from "../../shared/schemas/purchase-order.schema";
import type { AppEnv } from "../context";
import { authenticate } from "../middleware";

const EpisodeQuery = z.strictObject({
  customer_id: z.string().regex(CUSTOMER_ID).optional(),
  exception_type: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** Memory inspection (DESIGN §4): episodes (a customer sees only its own) and procedural rules. */
export const memoryRoutes = new Hono<AppEnv>()
  .get("/episodes", authenticate(["ops", "customer"]), async (c) => {
    const q = EpisodeQuery.safeParse(c.req.query());
    if (!q.success) throw q.error;
    const principal = c.get("principal");
    const t = schema.episodes;
    const customerId = principal.kind === "customer" ? principal.customerId : q.data.customer_id;
    const where: SQL[] = [];
    if (customerId) where.push(eq(t.customerId, customerId));
    if (q.data.exception_type) where.push(eq(t.exceptionType, q.data.exception_type));
    const rows = await database(c.env.DB)
      .select()
      .from(t)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(t.occurredAt))
      .limit(q.data.limit)
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
