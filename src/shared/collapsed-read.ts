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
  giveUpMs: 5_000,
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

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
 * cancels such a request as hung). A failed read answers its own caller; its waiters then read again.
 */
export class CollapsedRead<T> {
  /** Reads started so far: a read numbered at least `started + 1` at a caller's arrival began after it. */
  private started = 0;
  private running: { seq: number; since: number } | null = null;
  private latest: { seq: number; value: T } | null = null;

  constructor(private readonly options: CollapsedReadOptions = DEFAULTS) {}

  async read(load: () => Promise<T>): Promise<T> {
    const { pollMs, giveUpMs, now, sleep } = this.options;
    const fresh = this.started + 1;
    while (this.running && now() - this.running.since < giveUpMs) {
      await sleep(pollMs);
      if (this.latest && this.latest.seq >= fresh) return this.latest.value;
    }
    if (this.latest && this.latest.seq >= fresh) return this.latest.value;
    const mine = { seq: ++this.started, since: now() };
    this.running = mine;
    try {
      const value = await load();
      if (!this.latest || this.latest.seq < mine.seq) this.latest = { seq: mine.seq, value };
      return value;
    } finally {
      if (this.running === mine) this.running = null;
    }
  }
}
