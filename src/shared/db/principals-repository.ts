import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { sha256Hex } from "../hashing";
import { CUSTOMER_ID } from "../schemas/purchase-order.schema";
import { database } from "./client";
import { chunked, rowsPerStatement } from "./d1-limits";
import * as schema from "./schema";

/** The kinds of principal: who reads an order decides what it sees (operations: all of it). */
export const PrincipalKind = z.enum(["customer", "ops", "webhook"]);
export type PrincipalKind = z.infer<typeof PrincipalKind>;

/**
 * Who is calling: a customer (own orders only), operations (everything), or a webhook sender.
 * A customer always carries its customer id: one without cannot be represented, so nothing
 * downstream can mistake "no customer" for "no restriction" (fail closed).
 */
export const Principal = z.discriminatedUnion("kind", [
  z.object({
    id: z.string().min(1),
    kind: z.literal("customer"),
    customerId: z.string().regex(CUSTOMER_ID),
    name: z.string(),
  }),
  z.object({ id: z.string().min(1), kind: z.literal("ops"), customerId: z.string().nullable(), name: z.string() }),
  z.object({ id: z.string().min(1), kind: z.literal("webhook"), customerId: z.string().nullable(), name: z.string() }),
]);
export type Principal = z.infer<typeof Principal>;

/** Tokens are stored only as their SHA-256, hex-encoded. */
export const hashToken = (token: string): Promise<string> => sha256Hex(token);

/**
 * Finds the principal of a bearer token. The lookup is by hash, so the stored secret is never
 * compared character by character. A revoked token, and a stored row that is not a valid
 * principal (a customer without a customer id), answer null, as an unknown token does. Requests
 * go through `PrincipalCache` (principal-cache.ts), which keeps an answer for a few seconds.
 */
export async function findPrincipal(db: D1Database, token: string): Promise<Principal | null> {
  return findPrincipalByHash(db, await hashToken(token));
}

/** `findPrincipal` for a token already hashed with `hashToken`. */
export async function findPrincipalByHash(db: D1Database, tokenHash: string): Promise<Principal | null> {
  const row = await database(db)
    .select()
    .from(schema.principals)
    .where(and(eq(schema.principals.tokenHash, tokenHash), isNull(schema.principals.revokedAt)))
    .get();
  if (!row) return null;
  const parsed = Principal.safeParse({
    id: row.principalId,
    kind: row.kind,
    customerId: row.customerId,
    name: row.name,
  });
  if (!parsed.success)
    console.warn(
      JSON.stringify({ msg: "stored principal is invalid; refused", principal_id: row.principalId, kind: row.kind }),
    );
  return parsed.success ? parsed.data : null;
}

/** Whether a principal may see or act on an order of `customerId`. */
export function canAccessCustomer(principal: Principal, customerId: string): boolean {
  return principal.kind === "ops" || (principal.kind === "customer" && principal.customerId === customerId);
}

/** A customer token as operations list it: never the secret, which is shown once and stored only hashed. */
export const CustomerToken = z.object({
  token_id: z.string(),
  customer_id: z.string(),
  label: z.string(),
  created_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export type CustomerToken = z.infer<typeof CustomerToken>;

/** Prefixes that make a leaked secret recognisable in a log or a scan, and an id distinguishable from it. */
const TOKEN_PREFIX = "eos_ct_";
const TOKEN_ID_PREFIX = "tok_";

function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A new customer token: 256 random bits behind a recognisable prefix, and its row (the hash, an
 * id, the label). The token id is also its principal id, so the audit trail says which token acted.
 */
export async function newCustomerToken(customerId: string, label: string, now: string) {
  const token = `${TOKEN_PREFIX}${randomHex(32)}`;
  const tokenId = `${TOKEN_ID_PREFIX}${randomHex(12)}`;
  const row: typeof schema.principals.$inferInsert = {
    tokenHash: await hashToken(token),
    principalId: tokenId,
    kind: "customer",
    customerId,
    name: label,
    tokenId,
    label,
    createdAt: now,
  };
  return {
    token,
    row,
    listed: CustomerToken.parse({
      token_id: tokenId,
      customer_id: customerId,
      label,
      created_at: now,
      revoked_at: null,
    }),
  };
}

/** The statement that stores a new token's row, for the caller's `db.batch` with its audit row. */
export function insertTokenStatement(db: D1Database, row: typeof schema.principals.$inferInsert): D1PreparedStatement {
  return db
    .prepare(
      "INSERT INTO principals (token_hash, principal_id, kind, customer_id, name, token_id, label, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(
      row.tokenHash,
      row.principalId,
      row.kind,
      row.customerId ?? null,
      row.name,
      row.tokenId ?? null,
      row.label ?? null,
      row.createdAt ?? null,
    );
}

function toCustomerToken(row: typeof schema.principals.$inferSelect): CustomerToken {
  return CustomerToken.parse({
    token_id: row.tokenId ?? row.principalId,
    customer_id: row.customerId,
    label: row.label ?? row.name,
    created_at: row.createdAt,
    revoked_at: row.revokedAt,
  });
}

/** A customer's tokens, revoked ones included (with `revoked_at`), oldest first. */
export async function listCustomerTokens(db: D1Database, customerId: string): Promise<CustomerToken[]> {
  const rows = await database(db)
    .select()
    .from(schema.principals)
    .where(and(eq(schema.principals.customerId, customerId), eq(schema.principals.kind, "customer")))
    .all();
  return rows.map(toCustomerToken).sort((a, b) => (a.created_at ?? "").localeCompare(b.created_at ?? ""));
}

/** A customer token by its id; operations and webhook tokens are not managed here. */
export async function findCustomerToken(db: D1Database, tokenId: string): Promise<CustomerToken | null> {
  const row = await database(db)
    .select()
    .from(schema.principals)
    .where(and(eq(schema.principals.tokenId, tokenId), eq(schema.principals.kind, "customer")))
    .get();
  return row ? toCustomerToken(row) : null;
}

/** The statement that revokes a token (a second revocation keeps the first time). */
export function revokeTokenStatement(db: D1Database, tokenId: string, now: string): D1PreparedStatement {
  return db
    .prepare("UPDATE principals SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL")
    .bind(now, tokenId);
}

/** Which of `principalIds` still hold a token not revoked (a customer token's principal id is its token id). */
export async function activePrincipalIds(db: D1Database, principalIds: readonly string[]): Promise<Set<string>> {
  if (principalIds.length === 0) return new Set();
  const rows = await Promise.all(
    chunked(principalIds, rowsPerStatement(1)).map((part) =>
      db
        .prepare(
          `SELECT DISTINCT principal_id AS id FROM principals WHERE revoked_at IS NULL AND principal_id IN (${part.map(() => "?").join(", ")})`,
        )
        .bind(...part)
        .all<{ id: string }>(),
    ),
  );
  return new Set(rows.flatMap((r) => r.results.map((row) => row.id)));
}
