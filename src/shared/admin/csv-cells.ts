import type { CsvRecord, RowError } from "./import-kind";

/**
 * CSV cells to JSON values and back, the same way for every kind, so that export then import is
 * a no-op. A cell that does not read as its type is passed on as written, and the kind's zod
 * schema names it in the row's errors: nothing here guesses.
 *
 * Conventions (DESIGN §13): an empty cell is absent (or `null` where the field may be null);
 * lists (`hubs`, `documents`, `months`) are `;`-separated, since their items hold commas
 * ("Memphis, TN"); an open-ended object (a rule's `action`) is a JSON cell.
 */

/** A number, or the cell as written for the schema to refuse; empty is absent. */
export function numberCell(cell: string | undefined): unknown {
  const t = cell?.trim() ?? "";
  if (t === "") return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : cell;
}

/** A number or `null` when empty. */
export function nullableNumberCell(cell: string | undefined): unknown {
  return (cell?.trim() ?? "") === "" ? null : numberCell(cell);
}

/** Text; empty is absent. */
export function textCell(cell: string | undefined): string | undefined {
  return cell === undefined || cell === "" ? undefined : cell;
}

/** Text or `null` when empty. */
export function nullableTextCell(cell: string | undefined): string | null {
  return cell === undefined || cell === "" ? null : cell;
}

/** `true`/`false` (any case, or 1/0); anything else as written. */
export function booleanCell(cell: string | undefined): unknown {
  const t = cell?.trim().toLowerCase() ?? "";
  if (t === "") return undefined;
  if (t === "true" || t === "1") return true;
  if (t === "false" || t === "0") return false;
  return cell;
}

/** A `;`-separated list; empty is the empty list. */
export function listCell(cell: string | undefined): string[] {
  const t = cell?.trim() ?? "";
  return t === "" ? [] : t.split(";").map((item) => item.trim());
}

/** A `;`-separated list of numbers, `null` when empty. */
export function nullableNumberListCell(cell: string | undefined): unknown {
  const t = cell?.trim() ?? "";
  return t === "" ? null : listCell(t).map((item) => numberCell(item));
}

/** A JSON cell, or the cell as written when it is not JSON. */
export function jsonCell(cell: string | undefined): unknown {
  if ((cell?.trim() ?? "") === "") return undefined;
  try {
    return JSON.parse(cell!);
  } catch {
    return cell;
  }
}

/** A JSON value as its cell: `null`/absent empty, lists `;`-joined, objects as JSON. */
export function cellOf(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(String).join(";");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** A kind's CSV columns, in order: each column's name (a dotted path into the item) and how its cell reads. */
export type CsvColumns = Readonly<Record<string, (cell: string | undefined) => unknown>>;

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const names = path.split(".");
  let at = target;
  for (const name of names.slice(0, -1)) {
    if (typeof at[name] !== "object" || at[name] === null) at[name] = {};
    at = at[name] as Record<string, unknown>;
  }
  at[names.at(-1)!] = value;
}

function getPath(source: unknown, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>(
      (at, name) => (typeof at === "object" && at !== null ? (at as Record<string, unknown>)[name] : undefined),
      source,
    );
}

/** Records to items by `columns`; a column the kind does not have is refused (row 0, the header), a column left out stays absent. */
export function itemsFromCsv(
  records: readonly CsvRecord[],
  columns: CsvColumns,
): { items: unknown[]; errors: RowError[] } {
  const unknown = Object.keys(records[0] ?? {}).filter((name) => !(name in columns));
  if (unknown.length)
    return {
      items: [],
      errors: unknown.map((name) => ({
        row: 0,
        field: name,
        message: `no such column; the columns are ${Object.keys(columns).join(", ")}`,
      })),
    };
  const items = records.map((record) => {
    const item: Record<string, unknown> = {};
    for (const [name, read] of Object.entries(columns)) {
      if (!(name in record)) continue;
      const value = read(record[name]);
      if (value !== undefined) setPath(item, name, value);
    }
    return item;
  });
  return { items, errors: [] };
}

/** Items to CSV with the same columns `itemsFromCsv` reads, so export then import is a no-op. */
export function itemsToCsv(items: readonly object[], columns: CsvColumns): { header: string[]; records: CsvRecord[] } {
  const header = Object.keys(columns);
  return {
    header,
    records: items.map((item) => Object.fromEntries(header.map((name) => [name, cellOf(getPath(item, name))]))),
  };
}
