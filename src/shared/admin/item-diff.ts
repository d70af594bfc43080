import type { ImportKind } from "./import-kind";

/** One field an import changes: its path (`sla.delivery_window_days`), the stored value and the imported one. */
export interface Difference {
  field: string;
  before: unknown;
  after: unknown;
}

/** Imported items against stored ones, by key. */
export interface ItemDiff<Item> {
  added: Item[];
  changed: { key: string; item: Item; differences: Difference[] }[];
  unchanged: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Leaf values by dotted path; lists are leaves, compared whole. */
function flatten(value: unknown, prefix: string, into: Map<string, unknown>): Map<string, unknown> {
  if (!isRecord(value)) {
    into.set(prefix, value);
    return into;
  }
  for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, into);
  return into;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The fields `incoming` changes in `stored`, field by field. A top-level field the import leaves
 * out (an inventory row without `as_of`) is not compared: leaving it out changes nothing.
 */
export function differences(incoming: object, stored: object): Difference[] {
  const found: Difference[] = [];
  const before = stored as Record<string, unknown>;
  for (const [field, after] of Object.entries(incoming)) {
    if (after === undefined) continue;
    const a = flatten(after, field, new Map());
    const b = flatten(before[field], field, new Map());
    for (const path of new Set([...b.keys(), ...a.keys()])) {
      if (!same(b.get(path), a.get(path)))
        found.push({ field: path, before: b.get(path) ?? null, after: a.get(path) ?? null });
    }
  }
  return found;
}

/** Sorts imported items into added, changed (with their differences) and unchanged against the stored ones. */
export function diffItems<Item>(
  kind: Pick<ImportKind<Item>, "key">,
  incoming: readonly Item[],
  stored: readonly Item[],
): ItemDiff<Item> {
  const byKey = new Map(stored.map((item) => [kind.key(item), item]));
  const diff: ItemDiff<Item> = { added: [], changed: [], unchanged: 0 };
  for (const item of incoming) {
    const key = kind.key(item);
    const old = byKey.get(key);
    if (old === undefined) {
      diff.added.push(item);
      continue;
    }
    const found = differences(item as object, old as object);
    if (found.length) diff.changed.push({ key, item, differences: found });
    else diff.unchanged++;
  }
  return diff;
}
