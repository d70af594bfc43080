/**
 * The floor Worker (DESIGN §15): per request one D1 query and one call to a SQLite-backed Durable
 * Object that reads a row of its own storage, then a small JSON answer. Nothing else, so a
 * figure of the system divided by this one's is what the system's own work costs.
 */
import { DurableObject } from "cloudflare:workers";
import { Hono } from "hono";

interface FloorEnv {
  FLOOR_OBJECT: DurableObjectNamespace<FloorObject>;
  FLOOR_DB: D1Database;
}

/** Holds one row in its SQLite storage; each call reads it, as an order view reads the order. */
export class FloorObject extends DurableObject<FloorEnv> {
  constructor(ctx: DurableObjectState, env: FloorEnv) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS hits (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
    ctx.storage.sql.exec("INSERT OR IGNORE INTO hits (id, n) VALUES (1, 0)");
  }

  hit(): number {
    return this.ctx.storage.sql.exec<{ n: number }>("SELECT n FROM hits WHERE id = 1").one().n;
  }
}

const app = new Hono<{ Bindings: FloorEnv }>()
  .get("/health", (c) => c.json({ status: "ok" }))
  .get("/floor", async (c) => {
    // One after the other, as a request first looks up its caller in D1 and then asks the object.
    const row = await c.env.FLOOR_DB.prepare("SELECT id, body FROM floor_items WHERE id = ?")
      .bind("floor")
      .first<{ body: string }>();
    const hits = await c.env.FLOOR_OBJECT.getByName("floor").hit();
    return c.json({ item: row?.body ?? null, hits });
  });

export default app;
