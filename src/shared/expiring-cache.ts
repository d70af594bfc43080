/** When an entry expires and how many an isolate keeps; `now` is the clock (tests move their own). */
export interface ExpiringCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now: () => number;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
}

/**
 * A per-isolate cache of plain data that D1 holds, each entry trusted for `ttlMs`: what another
 * isolate changes is seen here within that; what this isolate changes it `forget`s at once. It
 * keeps only what its loader found (a miss is asked again each time, and cannot evict a hit), at
 * most `maxEntries`, the oldest going first. It holds no promise: two requests that miss together
 * each ask D1, since one request's context must never wait on another's.
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
    if (hit && hit.expiresAt > this.options.now()) return hit.value;
    this.entries.delete(key);
    const value = await load(key);
    if (value !== null && generation === this.generation) {
      this.entries.set(key, { value, expiresAt: this.options.now() + this.options.ttlMs });
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
