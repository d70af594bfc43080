/**
 * One numbered step of a Durable Object's SQLite schema. A step is never edited once shipped:
 * a column changes with a new step (an `ALTER`, or a table rewritten under a new name and
 * renamed), so every object, however old, reaches the same schema by the same path.
 */
export interface SqlMigration {
  version: number;
  name: string;
  up(sql: SqlStorage): void;
}

/** The table that records which steps an object has run, and when. */
const LEDGER = `CREATE TABLE IF NOT EXISTS _migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

/**
 * The schema every step leads to, made at once: one `exec` of several statements for a new
 * object instead of each step's own (a new object is made for every order). It must create
 * exactly what the steps make (a test compares the two), and is written anew with each step.
 */
export interface LatestSchema {
  version: number;
  statements: string;
}

/** Tables that are the runtime's, not the object's: a new object may already list them. */
const RUNTIME_TABLE = /^_cf_|^__cf_/;

/**
 * Runs the steps of `migrations` an object has not run yet, oldest first, each in its own
 * transaction with its ledger row (a step that throws leaves neither behind, and the object
 * fails to start rather than run on half a schema). An object with no tables yet gets `latest`
 * and every step's ledger row in one transaction instead. Call it inside `blockConcurrencyWhile`,
 * so no request sees the schema mid-change. Answers the versions it ran (or recorded as made).
 */
export function applyMigrations(
  storage: DurableObjectStorage,
  migrations: readonly SqlMigration[],
  latest?: LatestSchema,
): number[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} is numbered ${m.version}; expected ${i + 1}`);
  });
  if (latest && latest.version !== migrations.length) {
    throw new Error(`the latest schema is version ${latest.version}; the steps reach ${migrations.length}`);
  }
  const sql = storage.sql;
  const tables = sql
    .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
    .toArray()
    .filter((t) => !RUNTIME_TABLE.test(t.name));
  if (latest && tables.length === 0) {
    storage.transactionSync(() => {
      sql.exec(`${LEDGER}; ${latest.statements}`);
      sql.exec(
        "INSERT INTO _migrations (version, name, applied_at) SELECT value ->> 'version', value ->> 'name', ? FROM json_each(?)",
        new Date().toISOString(),
        JSON.stringify(migrations.map((m) => ({ version: m.version, name: m.name }))),
      );
    });
    return migrations.map((m) => m.version);
  }
  if (!tables.some((t) => t.name === "_migrations")) sql.exec(LEDGER);
  const done = sql.exec<{ v: number | null }>("SELECT MAX(version) AS v FROM _migrations").one().v ?? 0;
  const ran: number[] = [];
  for (const m of migrations.slice(done)) {
    storage.transactionSync(() => {
      m.up(sql);
      sql.exec(
        "INSERT INTO _migrations (version, name, applied_at) VALUES (?, ?, ?)",
        m.version,
        m.name,
        new Date().toISOString(),
      );
    });
    ran.push(m.version);
  }
  return ran;
}

/**
 * Adds a column unless the table has it. Only for steps that objects created before migrations
 * were numbered may already have carried out by hand; a later step adds its column outright.
 */
export function addColumnIfMissing(sql: SqlStorage, table: string, column: string, definition: string): void {
  const columns = sql.exec<{ name: string }>(`PRAGMA table_info(${table})`).toArray();
  if (!columns.some((c) => c.name === column)) sql.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
}
