import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { findPrincipal, hashToken, Principal } from "../../../src/shared/db/principals-repository";

describe("a customer principal without a customer id cannot exist (fail closed)", () => {
  it("the Principal type refuses it, and takes a customer with its id, ops with none", () => {
    expect(Principal.safeParse({ id: "c", kind: "customer", customerId: null, name: "x" }).success).toBe(false);
    expect(Principal.safeParse({ id: "c", kind: "customer", customerId: "", name: "x" }).success).toBe(false);
    expect(Principal.safeParse({ id: "c", kind: "customer", customerId: "CUST-001", name: "x" }).success).toBe(true);
    expect(Principal.safeParse({ id: "o", kind: "ops", customerId: null, name: "x" }).success).toBe(true);
  });

  it("D1 refuses to store it (CHECK in migration 0007)", async () => {
    const insert = env.DB.prepare(
      "INSERT INTO principals (token_hash, principal_id, kind, customer_id, name) VALUES (?, ?, 'customer', NULL, 'no customer')",
    ).bind(await hashToken("token-without-customer"), "customer-without-id");
    await expect(insert.run()).rejects.toThrow(/CHECK constraint failed/);
    expect(await findPrincipal(env.DB, "token-without-customer")).toBeNull();
  });

  it("a stored customer principal whose customer id is malformed is not a principal at all", async () => {
    await env.DB.prepare(
      "INSERT INTO customers (customer_id, name, tier, contact_email, allow_partial_shipment) VALUES ('acme', 'Acme, misfiled', 'standard', 'x@example.com', 0)",
    ).run();
    await env.DB.prepare(
      "INSERT INTO principals (token_hash, principal_id, kind, customer_id, name) VALUES (?, 'customer-bad-id', 'customer', 'acme', 'bad id')",
    )
      .bind(await hashToken("token-with-empty-customer"))
      .run();
    expect(await findPrincipal(env.DB, "token-with-empty-customer")).toBeNull();
    expect(await findPrincipal(env.DB, "dev-acme-token")).toEqual({
      id: expect.any(String),
      kind: "customer",
      customerId: "CUST-001",
      name: expect.any(String),
    });
  });
});
