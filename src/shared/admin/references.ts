import { inListsOrWhole } from "../db/d1-limits";
import type { RowError } from "./import-kind";

/** Tables and key columns an import may name; constants, never input. */
const KEYS = { customers: "customer_id", catalog: "sku" } as const;

/** Which of `values` are keys of `table`, read in IN-lists D1 accepts. */
async function existingKeys(db: D1Database, table: keyof typeof KEYS, values: readonly string[]): Promise<Set<string>> {
  const column = KEYS[table];
  const found = await Promise.all(
    inListsOrWhole(values).map((part) =>
      part
        ? db
            .prepare(`SELECT ${column} AS k FROM ${table} WHERE ${column} IN (${part.map(() => "?").join(", ")})`)
            .bind(...part)
            .all<{ k: string }>()
        : db.prepare(`SELECT ${column} AS k FROM ${table}`).all<{ k: string }>(),
    ),
  );
  return new Set(found.flatMap((r) => r.results.map((row) => row.k)));
}

/**
 * A row error for each item naming a key `table` does not hold (a partner of an unknown customer,
 * stock of an unknown SKU). Rows are numbered from 1 in the order given.
 */
export async function unknownReferences<Item>(
  db: D1Database,
  items: readonly Item[],
  ref: { table: keyof typeof KEYS; field: string; of: (item: Item) => string; what: string },
): Promise<RowError[]> {
  const known = await existingKeys(
    db,
    ref.table,
    items.map((item) => ref.of(item)),
  );
  return items.flatMap((item, i) =>
    known.has(ref.of(item)) ? [] : [{ row: i + 1, field: ref.field, message: `no ${ref.what} ${ref.of(item)}` }],
  );
}
