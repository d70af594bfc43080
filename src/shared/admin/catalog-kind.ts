import { database } from "../db/client";
import { searchIndexWrites } from "../db/search-index-repository";
import { jsonColumns, jsonRowStatements } from "../db/json-rows";
import * as schema from "../db/schema";
import { partDocument } from "../retrieval/search-documents";
import { CatalogImportItem } from "../schemas/admin-items.schema";
import { type CsvColumns, itemsFromCsv, itemsToCsv, numberCell, textCell } from "./csv-cells";
import type { ImportKind } from "./import-kind";

const COLUMNS: CsvColumns = {
  sku: textCell,
  description: textCell,
  list_price: numberCell,
  lead_time_days: numberCell,
  notes: (cell) => cell,
};

const FIELDS = ["sku", "description", "list_price", "lead_time_days", "notes"] as const;

/**
 * The catalog (DESIGN §13): parts by the supplier's own SKU. Upserted set-based from JSON, so a
 * 20,000-part catalog is a few statements; `catalog_fts` follows through its triggers (migration 0001).
 * The import writes only added and changed parts, and so re-indexes only those for search
 * (`searchIndexWrites`: their documents and FTS5 rows, vectors queued) in the same batch.
 */
export const catalogKind: ImportKind<CatalogImportItem> = {
  kind: "catalog",
  item: CatalogImportItem,
  key: (item) => item.sku,
  fromCsv: (records) => itemsFromCsv(records, COLUMNS),
  toCsv: (items) => itemsToCsv(items, COLUMNS),
  async load(db) {
    const rows = await database(db).select().from(schema.catalog).orderBy(schema.catalog.sku).all();
    return rows.map((r) => ({
      sku: r.sku,
      description: r.description,
      list_price: r.listPrice,
      lead_time_days: r.leadTimeDays,
      notes: r.notes,
    }));
  },
  writes: (db, items) => [
    ...jsonRowStatements(
      db,
      `INSERT INTO catalog (${FIELDS.join(", ")}) SELECT ${jsonColumns(FIELDS)} FROM json_each(?1) WHERE true ` +
        "ON CONFLICT (sku) DO UPDATE SET description = excluded.description, list_price = excluded.list_price, " +
        "lead_time_days = excluded.lead_time_days, notes = excluded.notes",
      items,
    ),
    ...searchIndexWrites(db, items.map(partDocument)),
  ],
};
