import { chunked, rowsPerStatement } from "../db/d1-limits";
import { contractVersionId, loadContractVersions } from "../db/reference-repository";
import { Contract, PricingTier } from "../schemas/reference.schema";
import { nullableNumberCell, nullableTextCell } from "./csv-cells";
import type { CsvRecord, ImportKind, RowError } from "./import-kind";
import { unknownReferences } from "./references";

/** A contract version's own CSV columns, repeated on each of its tier rows. */
const VERSION_COLUMNS = [
  "contract_id",
  "customer_id",
  "customer",
  "payment_terms",
  "sla.delivery_window_days",
  "sla.response_time_hours",
  "effective_from",
  "effective_to",
] as const;
const TIER_COLUMNS = ["sku", "min_qty", "max_qty", "price"] as const;

const VersionFields = Contract.omit({ pricing_tiers: true });

const cell = nullableNumberCell;
const text = nullableTextCell;

function versionOf(r: CsvRecord) {
  return {
    contract_id: text(r.contract_id),
    customer_id: text(r.customer_id),
    customer: text(r.customer),
    payment_terms: text(r.payment_terms),
    sla: {
      delivery_window_days: cell(r["sla.delivery_window_days"]),
      response_time_hours: cell(r["sla.response_time_hours"]),
    },
    effective_from: text(r.effective_from),
    effective_to: text(r.effective_to),
  };
}

function zodErrors(row: number, issues: readonly { path: PropertyKey[]; message: string }[]): RowError[] {
  return issues.map((i) => ({ row, field: i.path.map(String).join(".") || "(row)", message: i.message }));
}

/**
 * CSV rows (one per tier, the version's columns repeated) to contract versions. A row without a
 * SKU is a version without tiers. Rows of one version that disagree on its columns are refused,
 * since which of them holds is not ours to guess.
 */
function fromCsv(records: readonly CsvRecord[]): { items: unknown[]; errors: RowError[]; rows: number[] } {
  const errors: RowError[] = [];
  const versions = new Map<string, { fields: ReturnType<typeof versionOf>; row: number; tiers: unknown[] }>();
  records.forEach((r, i) => {
    const row = i + 1;
    const fields = versionOf(r);
    const parsed = VersionFields.safeParse(fields);
    if (!parsed.success) {
      errors.push(...zodErrors(row, parsed.error.issues));
      return;
    }
    const key = contractVersionId(parsed.data);
    const seen = versions.get(key);
    if (seen && JSON.stringify(seen.fields) !== JSON.stringify(fields)) {
      errors.push({
        row,
        field: "contract_id",
        message: `the version's columns differ from row ${seen.row} of ${key}`,
      });
      return;
    }
    const version = seen ?? { fields, row, tiers: [] };
    versions.set(key, version);
    if (text(r.sku) === null) return;
    const tier = { sku: text(r.sku), min_qty: cell(r.min_qty), max_qty: cell(r.max_qty), price: cell(r.price) };
    const checked = PricingTier.safeParse(tier);
    if (checked.success) version.tiers.push(checked.data);
    else errors.push(...zodErrors(row, checked.error.issues));
  });
  const read = [...versions.values()];
  return { items: read.map((v) => ({ ...v.fields, pricing_tiers: v.tiers })), errors, rows: read.map((v) => v.row) };
}

const csvValue = (v: string | number | null): string => (v === null ? "" : String(v));

function toCsv(items: readonly Contract[]): { header: string[]; records: CsvRecord[] } {
  const records = items.flatMap((c) => {
    const version: CsvRecord = {
      contract_id: c.contract_id,
      customer_id: c.customer_id,
      customer: c.customer,
      payment_terms: c.payment_terms,
      "sla.delivery_window_days": csvValue(c.sla.delivery_window_days),
      "sla.response_time_hours": csvValue(c.sla.response_time_hours),
      effective_from: csvValue(c.effective_from),
      effective_to: csvValue(c.effective_to),
    };
    if (!c.pricing_tiers.length) return [{ ...version, sku: "", min_qty: "", max_qty: "", price: "" }];
    return c.pricing_tiers.map((t) => ({
      ...version,
      sku: t.sku,
      min_qty: csvValue(t.min_qty),
      max_qty: csvValue(t.max_qty),
      price: csvValue(t.price),
    }));
  });
  return { header: [...VERSION_COLUMNS, ...TIER_COLUMNS], records };
}

const OPEN_START = "0000-01-01";
const OPEN_END = "9999-12-31";
const span = (c: Contract) => `${c.effective_from ?? "open"} to ${c.effective_to ?? "open"}`;

/** Whether two versions share a day in force. */
const overlap = (a: Contract, b: Contract) =>
  (a.effective_from ?? OPEN_START) <= (b.effective_to ?? OPEN_END) &&
  (b.effective_from ?? OPEN_START) <= (a.effective_to ?? OPEN_END);

/** The error of `item` (at `row`) being in force on a day `other` is too. */
function overlapError(row: number, item: Contract, other: Contract, where: string): RowError {
  return {
    row,
    field: "effective_from",
    message:
      other.effective_from === item.effective_from
        ? `${contractVersionId(item)} is also ${where}`
        : `${item.contract_id} ${span(item)} overlaps ${contractVersionId(other)} (${span(other)}) ${where}`,
  };
}

/**
 * What zod cannot see in one item: a version ending before it starts, two tiers of one SKU whose
 * quantities overlap, the same version twice, and two versions of one contract in force on a
 * common day (an order of that day would have two prices). Rows count items from 1.
 */
function check(items: readonly Contract[]): RowError[] {
  const errors: RowError[] = [];
  items.forEach((item, i) => {
    const row = i + 1;
    if (item.effective_from && item.effective_to && item.effective_to < item.effective_from)
      errors.push({
        row,
        field: "effective_to",
        message: `effective_to ${item.effective_to} is before effective_from`,
      });
    item.pricing_tiers.forEach((t, j) => {
      const clash = item.pricing_tiers.findIndex(
        (o, k) =>
          k < j && o.sku === t.sku && o.min_qty <= (t.max_qty ?? Infinity) && t.min_qty <= (o.max_qty ?? Infinity),
      );
      if (clash >= 0)
        errors.push({ row, field: `pricing_tiers.${j}`, message: `${t.sku} quantities overlap tier ${clash}` });
    });
    for (const o of items.slice(0, i))
      if (o.contract_id === item.contract_id && overlap(o, item))
        errors.push(overlapError(row, item, o, "in this import"));
  });
  return errors;
}

/**
 * Against what is stored: each version's customer exists, and no version is in force on a day a
 * stored version of its contract is. An imported version replaces the stored one of the same key
 * (contract and effective_from); the others stay, since an import never deletes a version. So a
 * version is ended by importing it again with an effective_to, and a start date is moved by
 * ending the old version and importing the new one beside it.
 */
async function checkReferences(db: D1Database, items: readonly Contract[]): Promise<RowError[]> {
  const customers = await unknownReferences(db, items, {
    table: "customers",
    field: "customer_id",
    of: (c) => c.customer_id,
    what: "customer",
  });
  const named = new Set(items.map((c) => c.contract_id));
  const replaced = new Set(items.map(contractVersionId));
  const stored = (await loadContractVersions(db)).filter(
    (c) => named.has(c.contract_id) && !replaced.has(contractVersionId(c)),
  );
  const overlaps = items.flatMap((item, i) =>
    stored
      .filter((o) => o.contract_id === item.contract_id && overlap(o, item))
      .map((o) => overlapError(i + 1, item, o, "as stored: end that version with an effective_to first")),
  );
  return [...customers, ...overlaps];
}

const VERSION_SQL = `INSERT INTO contract_versions (version_id, contract_id, customer_id, customer, payment_terms,
  delivery_window_days, response_time_hours, effective_from, effective_to) VALUES `;
const VERSION_UPSERT = ` ON CONFLICT(version_id) DO UPDATE SET contract_id = excluded.contract_id,
  customer_id = excluded.customer_id, customer = excluded.customer, payment_terms = excluded.payment_terms,
  delivery_window_days = excluded.delivery_window_days, response_time_hours = excluded.response_time_hours,
  effective_from = excluded.effective_from, effective_to = excluded.effective_to`;

const placeholders = (rows: number, perRow: number) =>
  Array.from({ length: rows }, () => `(${Array(perRow).fill("?").join(", ")})`).join(", ");

/**
 * Upserts each version and replaces its tiers: the versions first (the tiers reference them), then
 * their old tiers out and the new in, in multi-row statements of at most 100 parameters. Versions
 * the import does not name are kept.
 */
function writes(db: D1Database, items: readonly Contract[]): D1PreparedStatement[] {
  const versions = chunked(items, rowsPerStatement(9)).map((part) =>
    db
      .prepare(VERSION_SQL + placeholders(part.length, 9) + VERSION_UPSERT)
      .bind(
        ...part.flatMap((c) => [
          contractVersionId(c),
          c.contract_id,
          c.customer_id,
          c.customer,
          c.payment_terms,
          c.sla.delivery_window_days,
          c.sla.response_time_hours,
          c.effective_from,
          c.effective_to,
        ]),
      ),
  );
  const cleared = chunked(items.map(contractVersionId), rowsPerStatement(1)).map((ids) =>
    db
      .prepare(`DELETE FROM contract_tiers WHERE version_id IN (${Array(ids.length).fill("?").join(", ")})`)
      .bind(...ids),
  );
  const tiers = items.flatMap((c) =>
    c.pricing_tiers.map((t) => [contractVersionId(c), t.sku, t.min_qty, t.max_qty, t.price]),
  );
  const inserted = chunked(tiers, rowsPerStatement(5)).map((part) =>
    db
      .prepare(
        `INSERT INTO contract_tiers (version_id, sku, min_qty, max_qty, price) VALUES ${placeholders(part.length, 5)}`,
      )
      .bind(...part.flat()),
  );
  return [...versions, ...cleared, ...inserted];
}

/** Contract versions with their price tiers (DESIGN §13), keyed by contract and start date. */
export const contractsKind: ImportKind<Contract> = {
  kind: "contracts",
  item: Contract,
  key: contractVersionId,
  fromCsv,
  toCsv,
  check,
  checkReferences,
  load: (db) => loadContractVersions(db),
  writes,
};
