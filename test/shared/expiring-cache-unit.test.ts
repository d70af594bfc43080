import { describe, expect, it } from "vitest";
import { ExpiringCache, REFRESH_GRACE_MS } from "../../src/shared/expiring-cache";

const TTL = 5_000;

/** Lets a `get` that was called reach its loader (the key is awaited first). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A cache on a clock the test moves, and a loader whose answers the test releases one by one. */
function cacheAt() {
  const clock = { now: 1_000_000 };
  const cache = new ExpiringCache<string>({ ttlMs: TTL, maxEntries: 10, now: () => clock.now });
  const loads: { key: string; answer: (value: string | null) => void }[] = [];
  const load = (key: string) =>
    new Promise<string | null>((resolve) => {
      loads.push({ key, answer: resolve });
    });
  return { cache, clock, loads, load };
}

describe("ExpiringCache", () => {
  it("an expired entry is reloaded by one request while the others in flight take the old value", async () => {
    const { cache, clock, loads, load } = cacheAt();
    const first = cache.get("k", load);
    await settle();
    loads[0]!.answer("v1");
    expect(await first).toBe("v1");
    clock.now += TTL;
    const reloading = cache.get("k", load);
    await settle();
    const others = await Promise.all([cache.get("k", load), cache.get("k", load)]);
    expect(others).toEqual(["v1", "v1"]);
    expect(loads).toHaveLength(2);
    loads[1]!.answer("v2");
    expect(await reloading).toBe("v2");
    expect(await cache.get("k", load)).toBe("v2");
    expect(loads).toHaveLength(2);
  });

  it("takes the old value for REFRESH_GRACE_MS past the TTL at most, and none once the reload finds nothing", async () => {
    const { cache, clock, loads, load } = cacheAt();
    const first = cache.get("k", load);
    await settle();
    loads[0]!.answer("v1");
    await first;
    clock.now += TTL;
    const stuck = cache.get("k", load);
    await settle();
    clock.now += REFRESH_GRACE_MS;
    const late = cache.get("k", load);
    await settle();
    expect(loads).toHaveLength(3);
    loads[2]!.answer(null);
    expect(await late).toBeNull();
    loads[1]!.answer(null);
    expect(await stuck).toBeNull();
    const again = cache.get("k", load);
    await settle();
    expect(loads).toHaveLength(4);
    loads[3]!.answer(null);
    expect(await again).toBeNull();
  });

  it("forget during a reload: no old value is served and the reload is not kept", async () => {
    const { cache, clock, loads, load } = cacheAt();
    const first = cache.get("k", load);
    await settle();
    loads[0]!.answer("v1");
    await first;
    clock.now += TTL;
    const reloading = cache.get("k", load);
    await settle();
    cache.forget((key) => key === "k");
    const after = cache.get("k", load);
    await settle();
    expect(loads).toHaveLength(3);
    loads[1]!.answer("stale");
    expect(await reloading).toBe("stale");
    loads[2]!.answer("v2");
    expect(await after).toBe("v2");
    expect(await cache.get("k", load)).toBe("v2");
  });

  it("a reload that fails leaves the entry to the next request", async () => {
    const { cache, clock } = cacheAt();
    await cache.get("k", async () => "v1");
    clock.now += TTL;
    await expect(cache.get("k", () => Promise.reject(new Error("D1 down")))).rejects.toThrow("D1 down");
    expect(await cache.get("k", async () => "v2")).toBe("v2");
  });
});
