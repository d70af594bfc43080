/** When an entry expires and how many an isolate keeps; `now` is the clock (tests move their own). */
export interface ExpiringCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now: () => number;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
  /** A request is loading it again: until that lands, others may still take this value, for `REFRESH_GRACE_MS` at most. */
  refreshing: boolean;
}

/**
 * How long past its TTL an entry still answers while one request reloads it. Without it, every
 * request in flight when an entry expires asks D1 at once (fifty at fifty connections).
 */
export const REFRESH_GRACE_MS = 1_000;

/**
 * A per-isolate cache of plain data that D1 holds, each entry trusted for `ttlMs`: what another
 * isolate changes is seen here within that; what this isolate changes it `forget`s at once. It
 * keeps only what its loader found (a miss is asked again each time, and cannot evict a hit), at
 * most `maxEntries`, the oldest going first. It holds no promise, since one request's context must
 * never wait on another's: an expired entry is reloaded by the first request to ask, and the others
 * meanwhile take the old value (for `REFRESH_GRACE_MS` past the TTL at most); `forget` drops it at once.
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  /** Bumped by `forget`: a load that started before it may have read rows as they were, and is not kept. */
  private generation = 0;

  constructor(private readonly options: ExpiringCacheOptions) {}

  /**
   * The value of `key`, from `load` at most once per TTL; `load` answers null for nothing found.
   * A key still being computed (a hash) counts as asked for now: a `forget` meanwhile is not missed.
   */
  async get(keyOf: string | Promise<string>, load: (key: string) => Promise<V | null>): Promise<V | null> {
    const generation = this.generation;
    const key = await keyOf;
    const hit = this.entries.get(key);
    const now = this.options.now();
    if (hit && (hit.expiresAt > now || (hit.refreshing && hit.expiresAt + REFRESH_GRACE_MS > now))) return hit.value;
    if (hit) hit.refreshing = true;
    let value: V | null;
    try {
      value = await load(key);
    } finally {
      if (hit) hit.refreshing = false;
    }
    // The entry is replaced whole (or dropped) so a `forget` meanwhile, which removed `hit`, is not undone.
    if (this.entries.get(key) === hit) this.entries.delete(key);
    if (value !== null && generation === this.generation) {
      this.entries.set(key, { value, expiresAt: this.options.now() + this.options.ttlMs, refreshing: false });
      if (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }

  /** Drops every entry `drop` picks, and keeps no load already running. */
  forget(drop: (key: string, value: V) => boolean): void {
    this.generation++;
    for (const [key, entry] of this.entries) if (drop(key, entry.value)) this.entries.delete(key);
  }
}
