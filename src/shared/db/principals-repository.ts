import { eq } from "drizzle-orm";
import { z } from "zod";
import { sha256Hex } from "../hashing";
import { CUSTOMER_ID } from "../schemas/purchase-order.schema";
import { database } from "./client";
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
 * compared character by character. A stored row that is not a valid principal (a customer
 * without a customer id) answers null, as an unknown token does.
 */
export async function findPrincipal(db: D1Database, token: string): Promise<Principal | null> {
  const row = await database(db)
    .select()
    .from(schema.principals)
    .where(eq(schema.principals.tokenHash, await hashToken(token)))
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
