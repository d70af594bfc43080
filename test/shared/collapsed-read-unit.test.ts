import { describe, expect, it } from "vitest";
import { CollapsedRead, CollapsedReads } from "../../src/shared/collapsed-read";

/** A load the test settles by hand, counting how many were started. */
function loads<T>() {
  const pending: { resolve: (v: T) => void; reject: (e: Error) => void }[] = [];
  const load = () => new Promise<T>((resolve, reject) => pending.push({ resolve, reject }));
  return { load, pending };
}

const tick = (ms = 5) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits until `count` loads have started; fails (instead of hanging) when they never do. */
async function started(pending: readonly unknown[], count: number): Promise<void> {
  for (let waited = 0; pending.length < count; waited++) {
    if (waited > 200) throw new Error(`${pending.length} loads started, expected ${count}`);
    await tick(1);
  }
}

function collapsed<T>(clock = { t: 0 }) {
  return new CollapsedRead<T>({ pollMs: 1, giveUpMs: 1_000, now: () => clock.t, sleep: tick });
}

describe("CollapsedRead", () => {
  it("reads for each caller that finds no read running, never answering from an earlier one", async () => {
    const reads = collapsed<number>();
    let n = 0;
    const load = async () => ++n;
    expect(await reads.read(load)).toBe(1);
    expect(await reads.read(load)).toBe(2);
    expect(await reads.read(load)).toBe(3);
  });

  it("lets callers that arrive during a read share the next one, not the one that started before them", async () => {
    const reads = collapsed<string>();
    const { load, pending } = loads<string>();
    const first = reads.read(load);
    const waiters = [reads.read(load), reads.read(load), reads.read(load)];
    await tick();
    expect(pending).toHaveLength(1);
    pending[0]!.resolve("before");
    expect(await first).toBe("before");
    await started(pending, 2);
    await tick();
    expect(pending).toHaveLength(2);
    pending[1]!.resolve("after");
    expect(await Promise.all(waiters)).toEqual(["after", "after", "after"]);
  });

  it("does not answer a failure of a read that began before the caller: its waiters read again", async () => {
    const reads = collapsed<string>();
    const { load, pending } = loads<string>();
    const failing = reads.read(load);
    const waiter = reads.read(load);
    await tick();
    pending[0]!.reject(new Error("D1 down"));
    await expect(failing).rejects.toThrow("D1 down");
    await started(pending, 2);
    pending[1]!.resolve("recovered");
    expect(await waiter).toBe("recovered");
  });

  it("shares the failure of the read its waiters waited for, so an outage is one failed read per round, not one per caller", async () => {
    const reads = collapsed<string>();
    const { load, pending } = loads<string>();
    const first = reads.read(load);
    const waiters = [reads.read(load), reads.read(load), reads.read(load)].map((p) =>
      p.then(
        () => "answered",
        (e: Error) => e.message,
      ),
    );
    await tick();
    pending[0]!.resolve("before the outage");
    await first;
    await started(pending, 2);
    pending[1]!.reject(new Error("D1 down"));
    expect(await Promise.all(waiters)).toEqual(["D1 down", "D1 down", "D1 down"]);
    expect(pending).toHaveLength(2);
  });

  it("never answers a read given up on to those who arrived while it ran, even when it ends first", async () => {
    const clock = { t: 0 };
    const reads = collapsed<string>(clock);
    const { load, pending } = loads<string>();
    const slow = reads.read(load);
    const waiters = [reads.read(load), reads.read(load)];
    await tick();
    clock.t = 1_000;
    await started(pending, 2);
    pending[0]!.resolve("older");
    expect(await slow).toBe("older");
    await tick();
    pending[1]!.resolve("newer");
    expect(await Promise.all(waiters)).toEqual(["newer", "newer"]);
    expect(pending).toHaveLength(2);
  });

  it("stops waiting on a read gone quiet past giveUpMs and reads for itself", async () => {
    const clock = { t: 0 };
    const reads = collapsed<string>(clock);
    const { load, pending } = loads<string>();
    void reads.read(load);
    const waiter = reads.read(load);
    await tick();
    expect(pending).toHaveLength(1);
    clock.t = 1_000;
    await started(pending, 2);
    pending[1]!.resolve("own");
    expect(await waiter).toBe("own");
  });
});

describe("CollapsedReads", () => {
  const options = { pollMs: 1, giveUpMs: 1_000, now: () => 0, sleep: tick };

  it("shares a read only among callers asking the same key of the same owner", async () => {
    const reads = new CollapsedReads<string>(10, options);
    const { load, pending } = loads<string>();
    const [a, b] = [{}, {}];
    const first = reads.read(a, "k", load);
    // Each finds no read of its own (owner, key) running, so each reads at once.
    const others = [reads.read(a, "other", load), reads.read(b, "k", load)];
    await started(pending, 3);
    const waiter = reads.read(a, "k", load);
    pending[0]!.resolve("a/k, first");
    pending[1]!.resolve("a/other");
    pending[2]!.resolve("b/k");
    expect(await first).toBe("a/k, first");
    expect(await Promise.all(others)).toEqual(["a/other", "b/k"]);
    await started(pending, 4);
    pending[3]!.resolve("a/k, next");
    expect(await waiter).toBe("a/k, next");
  });

  it("holds a key only while a read of it runs or a caller waits for one", async () => {
    const reads = new CollapsedReads<string>(10, options);
    const { load, pending } = loads<string>();
    const owner = {};
    expect(await reads.read(owner, "done", async () => "done")).toBe("done");
    expect(reads.held(owner)).toBe(0);
    const running = reads.read(owner, "k", load);
    await started(pending, 1);
    const waiter = reads.read(owner, "k", load);
    pending[0]!.resolve("first");
    expect(await running).toBe("first");
    // The read is over but its waiter has yet to take the next one: the key stays.
    expect(reads.held(owner)).toBe(1);
    await started(pending, 2);
    pending[1]!.resolve("next");
    expect(await waiter).toBe("next");
    expect(reads.held(owner)).toBe(0);
  });

  it("starts an owner's busy keys afresh past maxKeys, finishing the read in flight for its waiters", async () => {
    const reads = new CollapsedReads<string>(2, options);
    const { load, pending } = loads<string>();
    const owner = {};
    const running = reads.read(owner, "k1", load);
    await started(pending, 1);
    const waiter = reads.read(owner, "k1", load);
    const other = reads.read(owner, "k2", load);
    await started(pending, 2);
    expect(reads.held(owner)).toBe(2);
    // A third busy key clears the two held: a new caller of k1 reads at once instead of waiting on the read in flight.
    const third = reads.read(owner, "k3", load);
    const afresh = reads.read(owner, "k1", load);
    await started(pending, 4);
    pending[0]!.resolve("k1, first");
    expect(await running).toBe("k1, first");
    await started(pending, 5);
    pending[4]!.resolve("k1, next");
    expect(await waiter).toBe("k1, next");
    for (const [at, value] of [
      [1, "k2"],
      [2, "k3"],
      [3, "k1, afresh"],
    ] as const)
      pending[at]!.resolve(value);
    expect(await Promise.all([other, third, afresh])).toEqual(["k2", "k3", "k1, afresh"]);
    expect(reads.held(owner)).toBe(0);
  });
});
