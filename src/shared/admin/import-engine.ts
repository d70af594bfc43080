import type { z } from "zod";
import { auditEntriesWithText, auditStatement } from "../db/audit-repository";
import { parseCsv } from "./csv";
import { type Difference, diffItems } from "./item-diff";
import type { ImportKind, RowError } from "./import-kind";

/** An import's body as the route read it: JSON (`{"items": [...]}`) or CSV text with a header row. */
export type ImportBody = { format: "json"; value: unknown } | { format: "csv"; text: string };

/** Who imports, for the audit row. */
export interface Importer {
  principalId: string;
  traceId: string | null;
}

/** What an import changes (a dry run) or changed: the same shape either way. */
export interface ImportSummary {
  kind: string;
  dry_run: boolean;
  added: string[];
  changed: { key: string; differences: Difference[] }[];
  unchanged: number;
  counts: { received: number; added: number; changed: number; unchanged: number };
}

/** An import answers its summary, or every row it refuses (and then nothing is applied). */
export type ImportOutcome = { ok: true; summary: ImportSummary } | { ok: false; errors: RowError[] };

/** A zod path as the field an importer wrote: the CSV column holding it, or the item's JSON path. */
function fieldOf(path: readonly PropertyKey[], columns: ReadonlySet<string> | null): string {
  if (columns) {
    for (let n = path.length; n > 0; n--) {
      const name = path.slice(0, n).map(String).join(".");
      if (columns.has(name)) return name;
    }
    return String(path[0] ?? "");
  }
  return path.reduce<string>(
    (at, seg) => (typeof seg === "number" ? `${at}[${seg}]` : at ? `${at}.${String(seg)}` : String(seg)),
    "",
  );
}

function issueErrors(row: number, error: z.ZodError, columns: ReadonlySet<string> | null): RowError[] {
  return error.issues.map((issue) => ({
    row,
    field: issue.code === "unrecognized_keys" ? issue.keys.join(", ") : fieldOf(issue.path, columns),
    message: issue.message,
  }));
}

/** The body's items before validation, with the columns a CSV named (null for JSON). */
function rawItems<Item>(
  kind: ImportKind<Item>,
  body: ImportBody,
): { items: unknown[]; errors: RowError[]; columns: ReadonlySet<string> | null; rows?: readonly number[] } {
  if (body.format === "csv") {
    const csv = parseCsv(body.text);
    if (csv.errors.length) return { items: [], errors: csv.errors, columns: null };
    return { ...kind.fromCsv(csv.records), columns: new Set(csv.header) };
  }
  const value = body.value;
  if (typeof value === "object" && value !== null && "items" in value && Array.isArray(value.items))
    return { items: value.items, errors: [], columns: null };
  return {
    items: [],
    errors: [{ row: 0, field: "items", message: 'the body must be {"items": [...]}' }],
    columns: null,
  };
}

/** The row of the body an item's errors name: where a CSV item starts (`fromCsv`'s `rows`), else its place from 1. */
type RowOf = (item: number) => number;

const withRows = (errors: readonly RowError[], rowOf: RowOf): RowError[] =>
  errors.map((e) => ({ ...e, row: e.row > 0 ? rowOf(e.row) : e.row }));

/** Each item checked by the kind's schema, then across rows: one key once, the kind's own checks. */
export function readItems<Item>(
  kind: ImportKind<Item>,
  body: ImportBody,
): { items: Item[]; errors: RowError[]; rowOf: RowOf } {
  const raw = rawItems(kind, body);
  const rowOf: RowOf = (item) => raw.rows?.[item - 1] ?? item;
  if (raw.errors.length) return { items: [], errors: raw.errors, rowOf };
  const items: Item[] = [];
  const errors: RowError[] = [];
  raw.items.forEach((value, i) => {
    const parsed = kind.item.safeParse(value);
    if (parsed.success) items.push(parsed.data);
    else errors.push(...issueErrors(rowOf(i + 1), parsed.error, raw.columns));
  });
  if (errors.length) return { items: [], errors, rowOf };
  const firstRow = new Map<string, number>();
  items.forEach((item, i) => {
    const key = kind.key(item);
    const first = firstRow.get(key);
    if (first === undefined) firstRow.set(key, rowOf(i + 1));
    else errors.push({ row: rowOf(i + 1), field: "", message: `${key} is already row ${first}` });
  });
  errors.push(...withRows(kind.check?.(items) ?? [], rowOf));
  return errors.length ? { items: [], errors, rowOf } : { items, errors: [], rowOf };
}

/**
 * Imports a body of one kind (DESIGN §13): every row validated, checked across rows and against
 * what is stored, compared with what is stored by key; a dry run answers that comparison, and an
 * import writes the added and changed items and one audit row (who, the counts, the keys it
 * changed; a long list in part rows) in one `db.batch`, so it applies whole or not at all.
 * Unchanged items are not written: importing an export is a no-op.
 */
export async function importItems<Item>(
  db: D1Database,
  kind: ImportKind<Item>,
  body: ImportBody,
  options: { dryRun: boolean; by: Importer },
): Promise<ImportOutcome> {
  const { items, errors, rowOf } = readItems(kind, body);
  if (errors.length) return { ok: false, errors };
  const refused = withRows((await kind.checkReferences?.(db, items)) ?? [], rowOf);
  if (refused.length) return { ok: false, errors: refused };
  const diff = diffItems(kind, items, await kind.load(db));
  const summary: ImportSummary = {
    kind: kind.kind,
    dry_run: options.dryRun,
    added: diff.added.map((item) => kind.key(item)),
    changed: diff.changed.map(({ key, differences }) => ({ key, differences })),
    unchanged: diff.unchanged,
    counts: {
      received: items.length,
      added: diff.added.length,
      changed: diff.changed.length,
      unchanged: diff.unchanged,
    },
  };
  if (options.dryRun) return { ok: true, summary };
  const writes = await kind.writes(db, [...diff.added, ...diff.changed.map((c) => c.item)]);
  const keys = JSON.stringify({ added: summary.added, changed: summary.changed.map((c) => c.key) });
  const audit = await auditEntriesWithText(
    {
      kind: "admin.import",
      principalId: options.by.principalId,
      traceId: options.by.traceId,
      detail: { kind: kind.kind, format: body.format, ...summary.counts },
    },
    "keys",
    keys,
    { kind: kind.kind, trace_id: options.by.traceId },
  );
  await db.batch([...writes, ...audit.map((entry) => auditStatement(db, entry))]);
  return { ok: true, summary };
}
