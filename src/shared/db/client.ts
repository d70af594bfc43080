import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

type Database = ReturnType<typeof drizzle<typeof schema>>;

/**
 * One Drizzle client per binding: building one walks the whole schema's relations, which cost
 * more CPU than the query it ran when every repository call built its own.
 */
const clients = new WeakMap<D1Database, Database>();

/** Drizzle over the `DB` binding; shared modules ask for just this slice of `Env`. */
export function database(db: D1Database): Database {
  let client = clients.get(db);
  if (!client) {
    client = drizzle(db, { schema });
    clients.set(db, client);
  }
  return client;
}
