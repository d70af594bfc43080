import { AsyncLocalStorage } from "node:async_hooks";
import type { UsageMeter } from "./usage";

/**
 * Bindings that count what they are asked for into a `UsageMeter`, so the code that uses them
 * stays as it is. A Worker's unit of work (a request, a queue message) runs inside `metering(meter, ...)`
 * and counts into that meter through bindings wrapped once per isolate, so what is cached per
 * binding (Drizzle clients, the span buffer) stays shared; an OrderObject counts into its own
 * meter for its lifetime (`meteredEnv(env, meter)`).
 *
 * - D1: `meta.rows_read` / `rows_written` of every result (`run`, `all`, `batch`). `raw()` and
 *   `first()` answer no meta, so they count the rows they return as read (a floor, and reads are
 *   priced at a thousandth of writes).
 * - Durable Object stubs: every method call or `fetch` is one billed request (an RPC session).
 * - Queues: a message sent counts its write, read and delete (Cloudflare bills all three, per
 *   64 KB); a delivery retried counts one more read where it is consumed.
 * - Durable Object SQLite: each `exec` cursor's `rowsRead` / `rowsWritten` (`meteredContext`).
 */

const METER = Symbol.for("edge-order-system.usage-meter");

/** The unit of work the Worker is running now, for bindings shared by every unit of the isolate. */
const current = new AsyncLocalStorage<UsageMeter>();

/** Runs `work` as one unit of work counting into `meter`. */
export function metering<T>(meter: UsageMeter, work: () => T): T {
  return current.run(meter, work);
}

/** Where a binding counts: a fixed meter (an OrderObject's) or the unit of work running now. */
type MeterSource = () => UsageMeter | undefined;
const running: MeterSource = () => current.getStore();

/** Whether `env` came from `meteredEnv`. */
export function isMetered(env: object): boolean {
  return METER in env;
}

/** The meter a metered `env` counts into now, if it is one and a unit of work is running. */
export function meterOf(env: object): UsageMeter | undefined {
  const fixed = (env as { [METER]?: UsageMeter | null })[METER];
  return fixed === undefined ? undefined : (fixed ?? running());
}

type Method = (...args: unknown[]) => unknown;

/** A Proxy whose methods run on the real object (native bindings refuse a proxy as `this`). */
function wrap<T extends object>(target: T, override: (key: string | symbol, original: unknown) => unknown): T {
  return new Proxy(target, {
    get(t, key) {
      const original = Reflect.get(t, key, t);
      const replaced = override(key, original);
      if (replaced !== undefined) return replaced;
      return typeof original === "function" ? (original as Method).bind(t) : original;
    },
  });
}

const statements = new WeakMap<object, D1PreparedStatement>();

function countResult(meter: UsageMeter | undefined, result: D1Result | D1Response | undefined): void {
  const meta = result?.meta;
  if (meta) meter?.add({ d1_rows_read: meta.rows_read ?? 0, d1_rows_written: meta.rows_written ?? 0 });
}

function meteredStatement(stmt: D1PreparedStatement, meter: MeterSource): D1PreparedStatement {
  const proxy = wrap(stmt, (key) => {
    if (key === "bind") return (...values: unknown[]) => meteredStatement(stmt.bind(...values), meter);
    if (key === "run" || key === "all")
      return async () => {
        const result = await stmt[key]();
        countResult(meter(), result);
        return result;
      };
    if (key === "raw")
      return async (options?: { columnNames?: boolean }) => {
        const rows: unknown[] = await stmt.raw(options as { columnNames: true });
        meter()?.add({ d1_rows_read: Math.max(0, rows.length - (options?.columnNames ? 1 : 0)) });
        return rows;
      };
    if (key === "first")
      return async (column?: string) => {
        const row = column === undefined ? await stmt.first() : await stmt.first(column);
        meter()?.add({ d1_rows_read: row === null ? 0 : 1 });
        return row;
      };
    return undefined;
  });
  statements.set(proxy, stmt);
  return proxy;
}

/** The binding under each metered D1, so what is shared per binding is shared by every meter over it. */
const underlying = new WeakMap<object, D1Database>();
/** Per binding, the one view of it that counts into the unit of work running. */
const counting = new WeakMap<D1Database, D1Database>();

/**
 * The isolate's one view of `db`'s binding that counts into the unit of work running (`metering`),
 * whichever meter `db` counts into: an OrderObject's metered D1 is its own object, so a cache keyed
 * by it (the span buffer) would be one per order.
 */
export function sharedD1(db: D1Database): D1Database {
  const binding = underlying.get(db) ?? db;
  let out = counting.get(binding);
  if (!out) {
    out = meteredD1(binding, running);
    counting.set(binding, out);
  }
  return out;
}

/** D1 counting rows into `meter`; statements it prepared may go to its `batch`. */
function meteredD1(db: D1Database, meter: MeterSource): D1Database {
  const proxy = wrap(db, (key) => {
    if (key === "prepare") return (query: string) => meteredStatement(db.prepare(query), meter);
    if (key === "batch")
      return async (list: D1PreparedStatement[]) => {
        const results = await db.batch(list.map((s) => statements.get(s) ?? s));
        for (const r of results) countResult(meter(), r);
        return results;
      };
    return undefined;
  });
  underlying.set(proxy, db);
  return proxy;
}

/** A namespace whose stubs count each call as one Durable Object request. */
function meteredNamespace<T extends DurableObjectNamespace>(ns: T, meter: MeterSource): T {
  const stubOf = (stub: object) =>
    wrap(stub, (key, original) => {
      // `then` is asked of anything a promise resolves to: it is no call to the object.
      if (typeof key !== "string" || key === "then" || typeof original !== "function") return undefined;
      // Called through the stub: on an RPC stub, even `apply` would be a remote method's name.
      return (...args: unknown[]) => {
        meter()?.add({ do_requests: 1 });
        return (stub as Record<string, Method>)[key]!(...args);
      };
    });
  return wrap(ns, (key, original) => {
    if (key !== "get" && key !== "getByName") return undefined;
    return (...args: unknown[]) => stubOf((original as Method).apply(ns, args) as object);
  });
}

/** Operations a message costs: its write, its read and its delete (DESIGN §15). */
export const QUEUE_OPERATIONS_PER_MESSAGE = 3;

function meteredQueue<T extends Queue>(queue: T, meter: MeterSource): T {
  return wrap(queue, (key) => {
    if (key === "send")
      return (body: unknown, options?: QueueSendOptions) => {
        meter()?.add({ queue_operations: QUEUE_OPERATIONS_PER_MESSAGE });
        return queue.send(body, options);
      };
    if (key === "sendBatch")
      return (messages: Iterable<MessageSendRequest>, options?: QueueSendBatchOptions) => {
        const list = [...messages];
        meter()?.add({ queue_operations: QUEUE_OPERATIONS_PER_MESSAGE * list.length });
        return queue.sendBatch(list, options);
      };
    return undefined;
  });
}

const isQueue = (v: unknown): v is Queue =>
  typeof v === "object" && v !== null && "send" in v && "sendBatch" in v && !("prepare" in v);
const isNamespace = (v: unknown): v is DurableObjectNamespace =>
  typeof v === "object" && v !== null && "idFromName" in v && "getByName" in v;

function meteredBindings<E extends object>(env: E, fixed: UsageMeter | null): E {
  const source: MeterSource = fixed ? () => fixed : running;
  const out: Record<string | symbol, unknown> = { ...env, [METER]: fixed };
  for (const [name, value] of Object.entries(env)) {
    if (name === "DB") out[name] = meteredD1(value as D1Database, source);
    else if (isNamespace(value)) out[name] = meteredNamespace(value, source);
    else if (isQueue(value)) out[name] = meteredQueue(value, source);
  }
  return out as E;
}

/** The Worker's metered `env`, made once per `env` the runtime hands the isolate. */
const shared = new WeakMap<object, object>();

/**
 * `env` with every D1, Durable Object and queue binding counting: into `meter` when given (an
 * OrderObject's own), else into the unit of work running (`metering`), the same object each time.
 */
export function meteredEnv<E extends object>(env: E, meter?: UsageMeter): E {
  if (meter) return meteredBindings(env, meter);
  let out = shared.get(env) as E | undefined;
  if (!out) {
    out = meteredBindings(env, null);
    shared.set(env, out);
  }
  return out;
}

/** SQLite storage whose cursors count their rows into `meter`. */
function meteredSql(sql: SqlStorage, meter: UsageMeter): SqlStorage {
  return wrap(sql, (key) => {
    if (key !== "exec") return undefined;
    return (query: string, ...bindings: unknown[]) => {
      const cursor = sql.exec(query, ...bindings);
      meter.addCursor(cursor);
      return cursor;
    };
  });
}

/** A Durable Object's state whose SQL storage counts into `meter`; everything else is the real one. */
export function meteredContext<P>(ctx: DurableObjectState<P>, meter: UsageMeter): DurableObjectState<P> {
  const sql = meteredSql(ctx.storage.sql, meter);
  const storage = wrap(ctx.storage, (key) => (key === "sql" ? sql : undefined));
  return wrap(ctx, (key) => (key === "storage" ? storage : undefined));
}
