import { eq } from "drizzle-orm";
import { sha256Hex } from "../hashing";
import { database } from "./reference-repository";
import * as schema from "./schema";

/** Who is calling: a customer (own orders only), operations (everything), or a webhook sender. */
export interface Principal {
  id: string;
  kind: "customer" | "ops" | "webhook";
  customerId: string | null;
  name: string;
}

/** Tokens are stored only as their SHA-256, hex-encoded. */
export const hashToken = (token: string): Promise<string> => sha256Hex(token);

/**
 * Finds the principal of a bearer token. The lookup is by hash, so the stored secret is never
 * compared character by character.
 */
export async function findPrincipal(db: D1Database, token: string): Promise<Principal | null> {
  const row = await database(db)
    .select()
    .from(schema.principals)
    .where(eq(schema.principals.tokenHash, await hashToken(token)))
    .get();
  return row ? { id: row.principalId, kind: row.kind, customerId: row.customerId, name: row.name } : null;
}

/** Whether a principal may see or act on an order of `customerId`. */
export function canAccessCustomer(principal: Principal, customerId: string): boolean {
  return principal.kind === "ops" || (principal.kind === "customer" && principal.customerId === customerId);
}
