/** What a `CollapsedRead` waits with; tests pass their own clock and sleep. */
export interface CollapsedReadOptions {
  /** How often a waiting caller looks for the read it waits on. */
  pollMs: number;
  /** A read running longer than this is taken to be lost: a waiter reads for itself. */
  giveUpMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

const DEFAULTS: CollapsedReadOptions = {
  pollMs: 5,
  // A reader whose request was cancelled never settles its read; its waiters move on after this.
  giveUpMs: 2_000,
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** How one read ended: what every caller sharing it is answered. */
type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Request collapsing for one read that every caller of an isolate may share, without serving
 * anything older than the caller: an answer comes from a read that started after the caller
 * asked, so it holds every write committed before the request, as a read of its own would. With
 * no read running, a caller reads at once (one caller at a time pays nothing). With one running,
 * which may have started before the caller asked, the caller waits for it to end and then shares
 * the next: the first waiter to find none running starts it, the others take its answer. So under
 * load an isolate runs one read at a time however many callers ask, and each waits at most for
 * the end of one read and the whole of the next. Waiters poll on timers of their own rather than
 * await the reader's promise, since one request's context must never wait on another's (workerd
 * cancels such a request as hung). A read's failure is shared as its answer would be: when D1 is
 * down, the callers who waited for a read fail with it instead of each trying in turn.
 */
export class CollapsedRead<T> {
  /** Reads started so far: a read numbered at least `started + 1` at a caller's arrival began after it. */
  private started = 0;
  private running: { seq: number; since: number } | null = null;
  private latest: { seq: number; outcome: Outcome<T> } | null = null;
  /** Callers waiting for a read to end. */
  private waiting = 0;

  constructor(private readonly options: CollapsedReadOptions = DEFAULTS) {}

  /** No read running and nobody waiting: the outcome kept can serve no caller (any later one needs a later read). */
  get idle(): boolean {
    return this.running === null && this.waiting === 0;
  }

  async read(load: () => Promise<T>): Promise<T> {
    const { pollMs, giveUpMs, now, sleep } = this.options;
    const fresh = this.started + 1;
    this.waiting += 1;
    try {
      for (;;) {
        if (this.latest && this.latest.seq >= fresh) return this.answer(this.latest.outcome);
        if (!this.running || now() - this.running.since >= giveUpMs) break;
        await sleep(pollMs);
      }
    } finally {
      this.waiting -= 1;
    }
    const mine = { seq: ++this.started, since: now() };
    this.running = mine;
    try {
      const value = await load();
      this.settle(mine.seq, { ok: true, value });
      return value;
    } catch (error) {
      this.settle(mine.seq, { ok: false, error });
      throw error;
    } finally {
      if (this.running === mine) this.running = null;
    }
  }

  /** Keeps a read's outcome unless a later read's is already kept (one given up on may end after it). */
  private settle(seq: number, outcome: Outcome<T>): void {
    if (!this.latest || this.latest.seq < seq) this.latest = { seq, outcome };
  }

  private answer(outcome: Outcome<T>): T {
    if (outcome.ok) return outcome.value;
    throw outcome.error;
  }
}

/**
 * An isolate's `CollapsedRead`s of one kind, one per owner (a D1 binding) and key (what is read):
 * only callers asking the same of the same database share a read. A key is held only while a read
 * of it runs or someone waits for one, since a finished read's answer can serve no later caller;
 * past `maxKeys` busy keys an owner's start afresh (a read in flight finishes for its waiters).
 */
export class CollapsedReads<T> {
  private readonly byOwner = new WeakMap<object, Map<string, CollapsedRead<T>>>();
  private readonly options: CollapsedReadOptions;

  constructor(
    private readonly maxKeys: number,
    options: Partial<CollapsedReadOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  read(owner: object, key: string, load: () => Promise<T>): Promise<T> {
    const byKey = this.keysOf(owner);
    const reads = byKey.get(key) ?? this.start(byKey, key);
    return reads.read(load).finally(() => {
      if (reads.idle && byKey.get(key) === reads) byKey.delete(key);
    });
  }

  private keysOf(owner: object): Map<string, CollapsedRead<T>> {
    let byKey = this.byOwner.get(owner);
    if (!byKey) {
      byKey = new Map();
      this.byOwner.set(owner, byKey);
    }
    return byKey;
  }

  private start(byKey: Map<string, CollapsedRead<T>>, key: string): CollapsedRead<T> {
    if (byKey.size >= this.maxKeys) byKey.clear();
    const reads = new CollapsedRead<T>(this.options);
    byKey.set(key, reads);
    return reads;
  }

  /** Keys an owner holds now: those with a read running or a caller waiting. */
  held(owner: object): number {
    return this.byOwner.get(owner)?.size ?? 0;
  }
}
