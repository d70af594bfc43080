import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

/** Drizzle over the `DB` binding; shared modules ask for just this slice of `Env`. */
export function database(db: D1Database) {
  return drizzle(db, { schema });
}
