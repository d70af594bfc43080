import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMISSION_MIGRATIONS, type AdmissionControl } from "../../src/durable-objects/admission.do";
import type { OrderObject } from "../../src/durable-objects/order.do";
import {
  enqueueOutbox,
  ORDER_MIGRATIONS,
  ORDER_SCHEMA,
  readEvents,
  readOutbox,
} from "../../src/durable-objects/order-store";
import { applyMigrations, type SqlMigration } from "../../src/durable-objects/sql-migrations";
import { acmeOrder, orderWithOpenIntakeHandoff } from "../fixtures/order-object";
import { freshPo } from "../fixtures/api";

/** The outbox as objects made it before its rows were versioned and backed off. */
const LEGACY_OUTBOX =
  "CREATE TABLE outbox (id TEXT PRIMARY KEY, kind TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0)";

function ledger(sql: SqlStorage) {
  return sql
    .exec<{ version: number; name: string; applied_at: string }>("SELECT * FROM _migrations ORDER BY version")
    .toArray();
}

function columns(sql: SqlStorage, table: string): string[] {
  return sql
    .exec<{ name: string }>(`PRAGMA table_info(${table})`)
    .toArray()
    .map((c) => c.name);
}

/** Each of the object's tables as SQLite describes it: rowid or not, and every column with its type, default and key. */
function schemaOf(sql: SqlStorage) {
  return sql
    .exec<{ name: string; wr: number }>(
      "SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite%' AND name NOT LIKE '%cf%' ORDER BY name",
    )
    .toArray()
    .map((t) => ({ ...t, columns: sql.exec(`SELECT * FROM pragma_table_info('${t.name}') ORDER BY cid`).toArray() }));
}

function dropAll(sql: SqlStorage): void {
  for (const table of ["events", "meta", "outbox", "_migrations"]) sql.exec(`DROP TABLE ${table}`);
}

/** An order with events, meta and an outbox row, as a live object holds them. */
async function recordedOrder(): Promise<string> {
  const po = freshPo();
  await orderWithOpenIntakeHandoff(po);
  return po;
}

describe("OrderObject storage migrations", () => {
  it("records each step once with its time, and runs nothing on the next start", async () => {
    await runInDurableObject(acmeOrder(await recordedOrder()), (_instance: OrderObject, state) => {
      const sql = state.storage.sql;
      expect(ledger(sql).map((m) => m.version)).toEqual([1, 2, 3]);
      expect(ledger(sql).every((m) => !Number.isNaN(Date.parse(m.applied_at)))).toBe(true);
      expect(applyMigrations(state.storage, ORDER_MIGRATIONS)).toEqual([]);
      expect(ledger(sql)).toHaveLength(3);
    });
  });

  it("makes a new object's schema at once, the same as running every step, and records every step", async () => {
    await runInDurableObject(acmeOrder(freshPo()), (_instance: OrderObject, state) => {
      const sql = state.storage.sql;
      const made = schemaOf(sql);
      expect(made.map((t) => [t.name, t.wr])).toEqual([
        ["_migrations", 0],
        ["events", 0],
        ["meta", 0],
        ["outbox", 1],
      ]);
      expect(ledger(sql).map((m) => [m.version, m.name])).toEqual(ORDER_MIGRATIONS.map((m) => [m.version, m.name]));

      dropAll(sql);
      expect(applyMigrations(state.storage, ORDER_MIGRATIONS)).toEqual([1, 2, 3]);
      expect(schemaOf(sql)).toEqual(made);

      dropAll(sql);
      expect(applyMigrations(state.storage, ORDER_MIGRATIONS, ORDER_SCHEMA)).toEqual([1, 2, 3]);
      expect(schemaOf(sql)).toEqual(made);
      expect(applyMigrations(state.storage, ORDER_MIGRATIONS, ORDER_SCHEMA)).toEqual([]);
      expect(ledger(sql)).toHaveLength(3);
    });
  });

  it("refuses a latest schema that is not the steps' last version", async () => {
    await runInDurableObject(acmeOrder(freshPo()), (_instance: OrderObject, state) => {
      expect(() => applyMigrations(state.storage, ORDER_MIGRATIONS, { ...ORDER_SCHEMA, version: 2 })).toThrow(
        /latest schema is version 2/,
      );
    });
  });

  it("upgrades an object made before steps were numbered, whose outbox lacks the later columns", async () => {
    await runInDurableObject(acmeOrder(await recordedOrder()), (_instance: OrderObject, state) => {
      const sql = state.storage.sql;
      const events = readEvents(sql);
      sql.exec("DROP TABLE _migrations");
      sql.exec("DROP TABLE outbox");
      sql.exec(LEGACY_OUTBOX);
      sql.exec(
        "INSERT INTO outbox (id, kind, body, created_at, attempts) VALUES ('projection', 'projection', 'null', 1, 3)",
      );
      sql.exec("INSERT INTO meta (key, value) VALUES ('webhook:erp:legacy', 'seen')");

      expect(applyMigrations(state.storage, ORDER_MIGRATIONS)).toEqual([1, 2, 3]);

      expect(readEvents(sql)).toEqual(events);
      expect(readOutbox(sql)).toEqual([
        { id: "projection", kind: "projection", body: "null", attempts: 3, version: 0, due_at: 0 },
      ]);
      expect(sql.exec("SELECT value FROM meta WHERE key = 'webhook:erp:legacy'").one().value).toBe("seen");
      expect(ledger(sql).map((m) => [m.version, m.name])).toEqual(ORDER_MIGRATIONS.map((m) => [m.version, m.name]));
    });
  });

  it("upgrades on its next start: the object reads its old log and sends the outbox row it kept", async () => {
    const po = await recordedOrder();
    const before = await acmeOrder(po).read();
    await runInDurableObject(acmeOrder(po), (_instance: OrderObject, state) => {
      const sql = state.storage.sql;
      sql.exec("DROP TABLE _migrations");
      sql.exec("DROP TABLE outbox");
      sql.exec(LEGACY_OUTBOX);
      sql.exec("INSERT INTO outbox (id, kind, body, created_at) VALUES ('projection', 'projection', 'null', 1)");
    });
    await evictDurableObject(acmeOrder(po));
    expect(await acmeOrder(po).read()).toEqual(before);
    await runInDurableObject(acmeOrder(po), async (instance: OrderObject, state) => {
      expect(ledger(state.storage.sql).map((m) => m.version)).toEqual([1, 2, 3]);
      await instance.alarm();
      expect(readOutbox(state.storage.sql)).toEqual([]);
    });
  });

  it("upgrades an object made before steps were numbered that had already gained the columns in place", async () => {
    await runInDurableObject(acmeOrder(await recordedOrder()), (_instance: OrderObject, state) => {
      const sql = state.storage.sql;
      const events = readEvents(sql);
      enqueueOutbox(sql, { id: "stock:SHP-1", kind: "stock", body: "SHP-1" }, 5);
      enqueueOutbox(sql, { id: "stock:SHP-1", kind: "stock", body: "SHP-1" }, 6);
      const outbox = readOutbox(sql);
      expect(outbox).toEqual([expect.objectContaining({ id: "stock:SHP-1", version: 1, due_at: 6 })]);
      sql.exec("DROP TABLE _migrations");

      expect(applyMigrations(state.storage, ORDER_MIGRATIONS)).toEqual([1, 2, 3]);

      expect(readEvents(sql)).toEqual(events);
      expect(readOutbox(sql)).toEqual(outbox);
      expect(ledger(sql)).toHaveLength(3);
    });
  });
});

describe("the outbox WITHOUT ROWID (step 3)", () => {
  it("keeps an upgraded object's rows and writes one row per insert and per delete", async () => {
    await runInDurableObject(acmeOrder(await recordedOrder()), (_instance: OrderObject, state) => {
      const sql = state.storage.sql;
      sql.exec("DELETE FROM _migrations WHERE version = 3");
      sql.exec("DROP TABLE outbox");
      sql.exec(LEGACY_OUTBOX);
      sql.exec("ALTER TABLE outbox ADD COLUMN version INTEGER NOT NULL DEFAULT 0");
      sql.exec("ALTER TABLE outbox ADD COLUMN due_at INTEGER NOT NULL DEFAULT 0");
      enqueueOutbox(sql, { id: "stock:SHP-9", kind: "stock", body: "SHP-9" }, 5);
      enqueueOutbox(sql, { id: "stock:SHP-9", kind: "stock", body: "SHP-9" }, 6);
      const outbox = readOutbox(sql);
      expect(outbox).toEqual([expect.objectContaining({ id: "stock:SHP-9", version: 1, due_at: 6 })]);

      expect(applyMigrations(state.storage, ORDER_MIGRATIONS)).toEqual([3]);

      expect(readOutbox(sql)).toEqual(outbox);
      const table = sql.exec<{ sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'outbox'").one().sql;
      expect(table).toMatch(/WITHOUT ROWID/);
      const insert = sql.exec(
        "INSERT INTO outbox (id, kind, body, created_at, due_at) VALUES ('projection', 'projection', 'null', 6, 6)",
      );
      insert.toArray();
      expect(insert.rowsWritten).toBe(1);
      const remove = sql.exec("DELETE FROM outbox WHERE id = 'projection' AND version = 0");
      remove.toArray();
      expect(remove.rowsWritten).toBe(1);
    });
  });
});

describe("applyMigrations", () => {
  /** A later step that changes a column's type the only way SQLite can: the table rewritten. */
  const rewrite: SqlMigration = {
    version: 4,
    name: "outbox attempts become REAL",
    up(sql) {
      sql.exec(
        "CREATE TABLE outbox_next (id TEXT PRIMARY KEY, kind TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL, attempts REAL NOT NULL DEFAULT 0, version INTEGER NOT NULL DEFAULT 0, due_at INTEGER NOT NULL DEFAULT 0)",
      );
      sql.exec("INSERT INTO outbox_next SELECT id, kind, body, created_at, attempts, version, due_at FROM outbox");
      sql.exec("DROP TABLE outbox");
      sql.exec("ALTER TABLE outbox_next RENAME TO outbox");
    },
  };

  it("runs only a new step, which may rewrite a table, keeping its rows", async () => {
    await runInDurableObject(acmeOrder(await recordedOrder()), (_instance: OrderObject, state) => {
      const sql = state.storage.sql;
      const outbox = readOutbox(sql);
      let runs = 0;
      const counted: SqlMigration = {
        ...rewrite,
        up: (s) => {
          runs++;
          rewrite.up(s);
        },
      };

      expect(applyMigrations(state.storage, [...ORDER_MIGRATIONS, counted])).toEqual([4]);
      expect(applyMigrations(state.storage, [...ORDER_MIGRATIONS, counted])).toEqual([]);

      expect(runs).toBe(1);
      expect(readOutbox(sql)).toEqual(outbox);
      expect(sql.exec("SELECT type FROM pragma_table_info('outbox') WHERE name = 'attempts'").one().type).toBe("REAL");
      expect(ledger(sql).map((m) => m.version)).toEqual([1, 2, 3, 4]);
    });
  });

  it("leaves neither the schema change nor the ledger row behind when a step fails, and tries it again next time", async () => {
    await runInDurableObject(acmeOrder(await recordedOrder()), (_instance: OrderObject, state) => {
      const sql = state.storage.sql;
      const failing: SqlMigration = {
        version: 4,
        name: "half done",
        up(s) {
          s.exec("ALTER TABLE outbox ADD COLUMN note TEXT");
          throw new Error("step failed");
        },
      };
      expect(() => applyMigrations(state.storage, [...ORDER_MIGRATIONS, failing])).toThrow("step failed");
      expect(columns(sql, "outbox")).not.toContain("note");
      expect(ledger(sql).map((m) => m.version)).toEqual([1, 2, 3]);
      expect(applyMigrations(state.storage, [...ORDER_MIGRATIONS, rewrite])).toEqual([4]);
    });
  });

  it("refuses a list whose steps are not numbered 1, 2, 3, …", async () => {
    await runInDurableObject(acmeOrder(freshPo()), (_instance: OrderObject, state) => {
      expect(() => applyMigrations(state.storage, [ORDER_MIGRATIONS[0]!, { ...rewrite, version: 4 }])).toThrow(
        /numbered 4; expected 2/,
      );
    });
  });
});

describe("AdmissionControl storage migrations", () => {
  it("upgrades a waiting line made before failed starts were counted, keeping who waits", async () => {
    const admission = env.ADMISSION.getByName(`migrations-${crypto.randomUUID()}`);
    await runInDurableObject(admission, (_instance: AdmissionControl, state) => {
      const sql = state.storage.sql;
      expect(ledger(sql).map((m) => m.version)).toEqual([1, 2]);
      sql.exec("DROP TABLE _migrations");
      sql.exec("DROP TABLE waiting");
      sql.exec("CREATE TABLE waiting (po_number TEXT PRIMARY KEY, value REAL NOT NULL, enqueued_at INTEGER NOT NULL)");
      sql.exec("INSERT INTO waiting VALUES ('CUST-001/PO-OLD', 1200.5, 7)");
      sql.exec("INSERT INTO in_flight VALUES ('CUST-001/PO-IN', 9)");

      expect(applyMigrations(state.storage, ADMISSION_MIGRATIONS)).toEqual([1, 2]);
      expect(applyMigrations(state.storage, ADMISSION_MIGRATIONS)).toEqual([]);

      expect(sql.exec("SELECT * FROM waiting").toArray()).toEqual([
        { po_number: "CUST-001/PO-OLD", value: 1200.5, enqueued_at: 7, failed_starts: 0 },
      ]);
      expect(sql.exec("SELECT * FROM in_flight").toArray()).toEqual([{ po_number: "CUST-001/PO-IN", admitted_at: 9 }]);
      expect(ledger(sql)).toHaveLength(2);
    });
  });
});
