import { describe, expect, it } from "vitest";
import { loadSearchSnapshot } from "../../../src/shared/db/search-snapshot";

/** A D1 whose batch answers a one-word vocabulary and no documents after `delayMs`, counting its calls. */
function slowD1(delayMs: number): { db: D1Database; batches: () => number } {
  let batches = 0;
  const statement = { bind: () => statement };
  const db = {
    prepare: () => statement,
    batch: async () => {
      batches += 1;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return [{ results: [{ term: "valve", doc: 3 }] }, { results: [] }];
    },
  };
  return { db: db as unknown as D1Database, batches: () => batches };
}

describe("loadSearchSnapshot", () => {
  it("reads a version once while many searches of the isolate ask for it at the same moment", async () => {
    const { db, batches } = slowD1(40);
    const version = `v-${crypto.randomUUID()}`;
    const snapshots = await Promise.all(Array.from({ length: 20 }, () => loadSearchSnapshot(db, version)));
    expect(batches()).toBe(1);
    expect(new Set(snapshots).size).toBe(1);
    expect(snapshots[0]?.vocabulary.get("valve")).toBe(3);
  });

  it("reads a database without a version every time, since nothing says two reads agree", async () => {
    const { db, batches } = slowD1(5);
    await Promise.all([loadSearchSnapshot(db, null), loadSearchSnapshot(db, null)]);
    expect(batches()).toBe(2);
  });

  it("lets the next search read the version when the reader failed", async () => {
    const version = `v-${crypto.randomUUID()}`;
    const failing = { prepare: () => ({ bind: () => ({}) }), batch: async () => Promise.reject(new Error("D1 down")) };
    await expect(loadSearchSnapshot(failing as unknown as D1Database, version)).rejects.toThrow("D1 down");
    const { db, batches } = slowD1(5);
    await loadSearchSnapshot(db, version);
    expect(batches()).toBe(1);
  });
});
