import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

type Database = ReturnType<typeof drizzle<typeof schema>>;

/**
 * One Drizzle instance per binding: building one walks the whole schema (its relational config),
 * which cost more CPU than the queries themselves when every repository call built its own.
 */
const instances = new WeakMap<D1Database, Database>();

/** Drizzle over the `DB` binding; shared modules ask for just this slice of `Env`. */
export function database(db: D1Database): Database {
  let d = instances.get(db);
  if (!d) {
    d = drizzle(db, { schema });
    instances.set(db, d);
  }
  return d;
}
