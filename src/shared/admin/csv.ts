import Papa from "papaparse";
import type { CsvRecord, RowError } from "./import-kind";

/**
 * CSV as the admin API reads and writes it (RFC 4180): a header row, fields quoted when they hold
 * a comma, a quote (doubled) or a line break, CRLF or LF, an optional UTF-8 byte-order mark.
 * Parsing is papaparse's (well kept, dependency-free, runs in workerd); the delimiter is fixed
 * to the comma, since list cells use `;` and auto-detection could pick it.
 */

/** A parsed CSV file: its columns, one record per data row, and what could not be read (row 1 = first data row). */
export interface ParsedCsv {
  header: string[];
  records: CsvRecord[];
  errors: RowError[];
}

/** Reads CSV text with a header row into records keyed by column name. */
export function parseCsv(text: string): ParsedCsv {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), {
    delimiter: ",",
    quoteChar: '"',
    escapeChar: '"',
    skipEmptyLines: true,
  });
  const [first, ...rows] = parsed.data;
  const header = (first ?? []).map((h) => h.trim());
  const errors: RowError[] = parsed.errors.map((e) => ({ row: e.row ?? 0, field: "", message: e.message }));
  if (header.length === 0) errors.push({ row: 0, field: "", message: "the CSV has no header row" });
  header.forEach((name, i) => {
    if (!name) errors.push({ row: 0, field: `column ${i + 1}`, message: "the header names no column here" });
    else if (header.indexOf(name) !== i) errors.push({ row: 0, field: name, message: "the column is named twice" });
  });
  const records = rows.map((cells, i) => {
    if (cells.length !== header.length)
      errors.push({ row: i + 1, field: "", message: `has ${cells.length} fields, the header has ${header.length}` });
    return Object.fromEntries(header.map((name, c) => [name, cells[c] ?? ""]));
  });
  return { header, records, errors };
}

/** Writes a header and records as CSV (CRLF line ends, quoting only where needed). */
export function writeCsv(header: readonly string[], records: readonly CsvRecord[]): string {
  const data = records.map((r) => header.map((h) => r[h] ?? ""));
  return `${Papa.unparse({ fields: [...header], data }, { newline: "\r\n", quotes: false })}\r\n`;
}
