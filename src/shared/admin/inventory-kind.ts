import { inArray } from "drizzle-orm";
import { isBefore } from "../business-dates";
import { database } from "../db/client";
import { inListsOrWhole } from "../db/d1-limits";
import * as schema from "../db/schema";
import { planStockLevels } from "../db/stock-level-repository";
import { InventoryImportItem } from "../schemas/admin-items.schema";
import { type CsvColumns, itemsFromCsv, itemsToCsv, nullableTextCell, numberCell, textCell } from "./csv-cells";
import type { ImportKind, RowError } from "./import-kind";
import { unknownReferences } from "./references";

/** An empty `as_of` is "now" (JSON `null` is a time unknown); an empty `supplier_eta` is none. */
const COLUMNS: CsvColumns = {
  sku: textCell,
  warehouse: textCell,
  on_hand: numberCell,
  supplier_eta: nullableTextCell,
  as_of: textCell,
};

const keyOf = (item: { sku: string; warehouse: string }) => `${item.sku}@${item.warehouse}`;

/** Each stored level's time, by key, for these items' SKUs. */
async function levelTimes(db: D1Database, items: readonly InventoryImportItem[]): Promise<Map<string, string>> {
  const inv = schema.inventory;
  const d = database(db);
  const rows = await Promise.all(
    inListsOrWhole(items.map((i) => i.sku)).map((part) =>
      d
        .select({ sku: inv.sku, warehouse: inv.warehouse, at: inv.levelAt })
        .from(inv)
        .where(part ? inArray(inv.sku, part) : undefined)
        .all(),
    ),
  );
  return new Map(rows.flat().flatMap((r) => (r.at ? [[keyOf(r), r.at] as const] : [])));
}

/**
 * Stock levels (DESIGN §13) by SKU and warehouse, each as of a time, written exactly as the ERP's
 * `inventory.updated` is (`planStockLevels`): what orders hold stays reserved, and a level below
 * it backorders the most recent holders, whose orders are told by the shortfall delivery. A level
 * older than the one held is refused (its row named) rather than silently ignored.
 */
export const inventoryKind: ImportKind<InventoryImportItem> = {
  kind: "inventory",
  item: InventoryImportItem,
  key: keyOf,
  fromCsv: (records) => itemsFromCsv(records, COLUMNS),
  toCsv: (items) => itemsToCsv(items, COLUMNS),
  async checkReferences(db, items) {
    const [unknown, times] = await Promise.all([
      unknownReferences(db, items, { table: "catalog", field: "sku", of: (i) => i.sku, what: "catalog part" }),
      levelTimes(db, items),
    ]);
    const stale: RowError[] = items.flatMap((item, i) => {
      const known = times.get(keyOf(item));
      return item.as_of && known && isBefore(item.as_of, known)
        ? [{ row: i + 1, field: "as_of", message: `is older than the level held, as of ${known}` }]
        : [];
    });
    return [...unknown, ...stale];
  },
  async load(db) {
    const inv = schema.inventory;
    const rows = await database(db).select().from(inv).orderBy(inv.sku, inv.warehouse).all();
    return rows.map((r) => ({
      sku: r.sku,
      warehouse: r.warehouse,
      on_hand: r.onHand,
      supplier_eta: r.supplierEta,
      as_of: r.levelAt,
    }));
  },
  async writes(db, items) {
    const importId = crypto.randomUUID();
    const now = new Date().toISOString();
    const { statements } = await planStockLevels(
      db,
      items.map((item) => ({
        sku: item.sku,
        warehouse: item.warehouse,
        on_hand: item.on_hand,
        supplier_eta: item.supplier_eta,
        webhook_id: `import:${importId}:${keyOf(item)}`,
        occurred_at: item.as_of === undefined ? now : item.as_of,
      })),
    );
    return statements;
  },
};
