import { database } from "../db/client";
import { jsonColumns, jsonRowStatements } from "../db/json-rows";
import * as schema from "../db/schema";
import { CarrierImportItem } from "../schemas/admin-items.schema";
import { type CsvColumns, itemsFromCsv, itemsToCsv, listCell, numberCell, textCell } from "./csv-cells";
import type { ImportKind } from "./import-kind";

/** `hubs` is `;`-separated in CSV: a hub's own name holds a comma ("Memphis, TN"). */
const COLUMNS: CsvColumns = { carrier: textCell, transit_days: numberCell, hubs: listCell };

/** Carriers (DESIGN §13), by name, with transit days and hubs. */
export const carriersKind: ImportKind<CarrierImportItem> = {
  kind: "carriers",
  item: CarrierImportItem,
  key: (item) => item.carrier,
  fromCsv: (records) => itemsFromCsv(records, COLUMNS),
  toCsv: (items) => itemsToCsv(items, COLUMNS),
  async load(db) {
    const rows = await database(db).select().from(schema.carriers).orderBy(schema.carriers.carrier).all();
    return rows.map((r) => ({ carrier: r.carrier, transit_days: r.transitDays, hubs: r.hubs }));
  },
  writes: (db, items) =>
    jsonRowStatements(
      db,
      `INSERT INTO carriers (carrier, transit_days, hubs) SELECT ${jsonColumns(["carrier", "transit_days", "hubs"])} ` +
        "FROM json_each(?1) WHERE true ON CONFLICT (carrier) DO UPDATE SET transit_days = excluded.transit_days, hubs = excluded.hubs",
      items,
    ),
};
