import { describe, expect, it } from "vitest";
import { differences, diffItems } from "../../../src/shared/admin/item-diff";

const kind = { key: (item: { id: string }) => item.id };

describe("diffItems", () => {
  it("sorts items into added, changed with their differences, and unchanged", () => {
    const stored = [
      { id: "a", price: 1, sla: { days: 3, hours: 4 } },
      { id: "b", price: 2, sla: { days: 3, hours: 4 } },
    ];
    const incoming = [
      { id: "a", price: 1, sla: { days: 3, hours: 4 } },
      { id: "b", price: 2.5, sla: { days: 5, hours: 4 } },
      { id: "c", price: 9, sla: { days: 1, hours: 1 } },
    ];
    const diff = diffItems(kind, incoming, stored);
    expect(diff.added.map((i) => i.id)).toEqual(["c"]);
    expect(diff.unchanged).toBe(1);
    expect(diff.changed).toEqual([
      {
        key: "b",
        item: incoming[1],
        differences: [
          { field: "price", before: 2, after: 2.5 },
          { field: "sla.days", before: 3, after: 5 },
        ],
      },
    ]);
  });

  it("compares lists whole and sees a key leaving an object", () => {
    expect(differences({ hubs: ["A", "B"] }, { hubs: ["A"] })).toEqual([
      { field: "hubs", before: ["A"], after: ["A", "B"] },
    ]);
    expect(differences({ action: {} }, { action: { notify_within_hours: 2 } })).toEqual([
      { field: "action.notify_within_hours", before: 2, after: null },
    ]);
  });

  it("does not compare a field the import leaves out, and tells null from a value", () => {
    expect(differences({ sku: "A", as_of: undefined }, { sku: "A", as_of: "2026-01-01T00:00:00Z" })).toEqual([]);
    expect(differences({ eta: null }, { eta: "2026-01-01" })).toEqual([
      { field: "eta", before: "2026-01-01", after: null },
    ]);
  });
});
