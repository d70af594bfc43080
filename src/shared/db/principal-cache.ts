import { ExpiringCache, type ExpiringCacheOptions } from "../expiring-cache";
import { findPrincipalByHash, hashToken, type Principal } from "./principals-repository";

/**
 * How long an isolate trusts a principal it looked up: a token revoked elsewhere (another
 * isolate, another region, SQL by hand) stops working within this (requests that ask while one
 * reloads it, within `REFRESH_GRACE_MS` more); the isolate that revoked it forgets it at once (`forget`).
 */
export const PRINCIPAL_TTL_MS = 5_000;
/** Principals one isolate keeps at most; the oldest entry goes first. */
export const PRINCIPAL_CACHE_ENTRIES = 1_000;

/**
 * A short-lived per-isolate cache of token → principal, so a request does not cost a D1 query to
 * say who is calling. It is keyed by the token's SHA-256, so it holds no secret. Only found
 * principals are kept: an unknown token is asked again each time, and cannot evict known ones.
 */
export class PrincipalCache {
  private readonly cache: ExpiringCache<Principal>;

  constructor(
    options: ExpiringCacheOptions = {
      ttlMs: PRINCIPAL_TTL_MS,
      maxEntries: PRINCIPAL_CACHE_ENTRIES,
      now: Date.now,
    },
  ) {
    this.cache = new ExpiringCache(options);
  }

  /** The principal of `token` (null for an unknown or revoked one), from D1 at most once per TTL. */
  async find(db: D1Database, token: string): Promise<Principal | null> {
    return this.cache.get(hashToken(token), (hash) => findPrincipalByHash(db, hash));
  }

  /** Drops every token of `principalId` (a customer token's principal id is its token id), after a revocation. */
  forget(principalId: string): void {
    this.cache.forget((_, principal) => principal.id === principalId);
  }
}

/** The isolate's cache, used by `authenticate`. */
export const principalCache = new PrincipalCache();
