import { z } from "zod";

/**
 * One kind of the supplier's own data (DESIGN §13): how its items are checked, compared, read from
 * and written to CSV, loaded from D1 and upserted. The admin routes, the seed loader and the
 * `npm run admin` CLI all go through these, so an import has one path whatever its source.
 */
export const AdminKind = z.enum([
  "catalog",
  "customers",
  "contracts",
  "inventory",
  "carriers",
  "trading-partners",
  "rules",
]);
export type AdminKind = z.infer<typeof AdminKind>;

/** One refused row of an import: `row` counts items from 1 (a CSV's header is row 0). */
export interface RowError {
  row: number;
  field: string;
  message: string;
}

/** A CSV file as records keyed by header, values as written (nested fields flattened: `sla.delivery_window_days`). */
export type CsvRecord = Record<string, string>;

export interface ImportKind<Item> {
  kind: AdminKind;
  /** One item in its JSON shape: the fields of the seed data file. */
  item: z.ZodType<Item>;
  /** The item's identity, for the dry run's added, changed and unchanged. */
  key(item: Item): string;
  /**
   * CSV records to JSON-shaped items (not yet validated), or the rows' errors. A kind whose item
   * spans several rows (a contract version, one row per tier) says in `rows` the CSV row each item
   * starts at, so that errors about an item name its row, not its place among the items.
   */
  fromCsv(records: readonly CsvRecord[]): { items: unknown[]; errors: RowError[]; rows?: readonly number[] };
  /** Items to CSV: the header and one record per row, so that export then import is a no-op. */
  toCsv(items: readonly Item[]): { header: string[]; records: CsvRecord[] };
  /** Checks across items (two versions of one contract overlapping), after each item is valid. */
  check?(items: readonly Item[]): RowError[];
  /**
   * Checks against what is stored (a partner naming an unknown customer, stock of an unknown SKU),
   * after every item is valid; the import refuses the rows named.
   */
  checkReferences?(db: D1Database, items: readonly Item[]): Promise<RowError[]>;
  /** Every item as stored, for export and for the dry run's comparison. */
  load(db: D1Database): Promise<Item[]>;
  /**
   * The statements that upsert `items`, within D1's limits (`d1-limits.ts`); run in one `db.batch`
   * with the audit row. A kind that reads first (stock levels find the orders a lower level shorts) answers a promise.
   */
  writes(db: D1Database, items: readonly Item[]): D1PreparedStatement[] | Promise<D1PreparedStatement[]>;
}
