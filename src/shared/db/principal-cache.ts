import { findPrincipalByHash, hashToken, type Principal } from "./principals-repository";

/**
 * How long an isolate trusts a principal it looked up: a token revoked elsewhere (another
 * isolate, another region, SQL by hand) stops working within this; the isolate that revoked it
 * forgets it at once (`forget`).
 */
export const PRINCIPAL_TTL_MS = 5_000;
/** Principals one isolate keeps at most; the oldest entry goes first. */
export const PRINCIPAL_CACHE_ENTRIES = 1_000;

interface Entry {
  principal: Principal;
  expiresAt: number;
}

/**
 * A short-lived per-isolate cache of token → principal, so a request does not cost a D1 query to
 * say who is calling. It is keyed by the token's SHA-256, so it holds no secret. Only found
 * principals are kept: an unknown token is asked again each time, and cannot evict known ones.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by `forget`: a lookup that started before it may have read the row as it was, and is not kept. */
  private generation = 0;

  constructor(
    private readonly options: { ttlMs: number; maxEntries: number; now: () => number } = {
      ttlMs: PRINCIPAL_TTL_MS,
      maxEntries: PRINCIPAL_CACHE_ENTRIES,
      now: Date.now,
    },
  ) {}

  /** The principal of `token` (null for an unknown or revoked one), from D1 at most once per TTL. */
  async find(db: D1Database, token: string): Promise<Principal | null> {
    const generation = this.generation;
    const hash = await hashToken(token);
    const hit = this.entries.get(hash);
    if (hit && hit.expiresAt > this.options.now()) return hit.principal;
    this.entries.delete(hash);
    const principal = await findPrincipalByHash(db, hash);
    if (principal && generation === this.generation) {
      this.entries.set(hash, { principal, expiresAt: this.options.now() + this.options.ttlMs });
      if (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    return principal;
  }

  /** Drops every token of `principalId` (a customer token's principal id is its token id), after a revocation. */
  forget(principalId: string): void {
    this.generation++;
    for (const [hash, entry] of this.entries) if (entry.principal.id === principalId) this.entries.delete(hash);
  }
}

/** The isolate's cache, used by `authenticate`. */
export const principalCache = new PrincipalCache();
