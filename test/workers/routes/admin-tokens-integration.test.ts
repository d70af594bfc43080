import { describe, expect, it } from "vitest";
import { api, TOKENS } from "../../fixtures/api";
import { auditRows } from "../../fixtures/audit";

interface Issued {
  token_id: string;
  customer_id: string;
  label: string;
  created_at: string;
  token: string;
}

async function issue(customerId: string, label: string): Promise<Issued> {
  const res = await api(`/v1/admin/customers/${customerId}/tokens`, {
    method: "POST",
    token: TOKENS.ops,
    json: { label },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Issued;
}

const listOrders = (token: string) => api("/v1/orders", { token });

describe("customer tokens", () => {
  it("issues a token that works at once, lists it without the secret, and revokes it: 401 from the next request", async () => {
    const issued = await issue("CUST-002", "Beta ERP");
    expect(issued).toMatchObject({ customer_id: "CUST-002", label: "Beta ERP" });
    expect(issued.token).toMatch(/^eos_ct_[0-9a-f]{64}$/);
    expect(issued.token_id).toMatch(/^tok_/);

    const orders = await listOrders(issued.token);
    expect(orders.status).toBe(200);
    const listed = (await orders.json()) as { orders: { customer_id: string }[] };
    expect(listed.orders.length).toBeGreaterThan(0);
    expect(listed.orders.every((o) => o.customer_id === "CUST-002")).toBe(true);

    const tokens = await api("/v1/admin/customers/CUST-002/tokens", { token: TOKENS.ops });
    expect(tokens.status).toBe(200);
    const text = await tokens.text();
    expect(text).not.toContain(issued.token);
    expect(JSON.parse(text).tokens).toContainEqual({
      token_id: issued.token_id,
      customer_id: "CUST-002",
      label: "Beta ERP",
      created_at: issued.created_at,
      revoked_at: null,
    });

    expect((await api(`/v1/admin/tokens/${issued.token_id}`, { method: "DELETE", token: TOKENS.ops })).status).toBe(
      204,
    );
    expect((await listOrders(issued.token)).status).toBe(401);
    const after = (await (await api("/v1/admin/customers/CUST-002/tokens", { token: TOKENS.ops })).json()) as {
      tokens: { token_id: string; revoked_at: string | null }[];
    };
    expect(after.tokens.find((t) => t.token_id === issued.token_id)?.revoked_at).toEqual(expect.any(String));
    expect((await listOrders(TOKENS.beta)).status).toBe(200);

    const created = await auditRows({
      kind: "token.created",
      detailAt: { path: "$.token_id", value: issued.token_id },
    });
    const revoked = await auditRows({
      kind: "token.revoked",
      detailAt: { path: "$.token_id", value: issued.token_id },
    });
    expect(created).toHaveLength(1);
    expect(created[0]?.detail).toEqual({ token_id: issued.token_id, customer_id: "CUST-002", label: "Beta ERP" });
    expect(JSON.stringify(created)).not.toContain(issued.token);
    expect(revoked).toHaveLength(1);
  });

  it("gives a customer several tokens, each revoked on its own", async () => {
    const [a, b] = [await issue("CUST-003", "plant A"), await issue("CUST-003", "plant B")];
    expect(a.token).not.toBe(b.token);
    expect((await api(`/v1/admin/tokens/${a.token_id}`, { method: "DELETE", token: TOKENS.ops })).status).toBe(204);
    expect((await listOrders(a.token)).status).toBe(401);
    expect((await listOrders(b.token)).status).toBe(200);
    const { tokens } = (await (await api("/v1/admin/customers/CUST-003/tokens", { token: TOKENS.ops })).json()) as {
      tokens: { token_id: string; label: string }[];
    };
    expect(tokens.map((t) => t.token_id)).toEqual(
      expect.arrayContaining(["consolidated-portal", a.token_id, b.token_id]),
    );
  });

  it("lists the seeded dev token beside the issued ones", async () => {
    const { tokens } = (await (await api("/v1/admin/customers/CUST-001/tokens", { token: TOKENS.ops })).json()) as {
      tokens: { token_id: string }[];
    };
    expect(tokens.map((t) => t.token_id)).toContain("acme-portal");
  });

  it("answers 404 for an unknown customer or token, 403 to a customer, 422 to a bad label", async () => {
    const post = (path: string, token: string, json: unknown) => api(path, { method: "POST", token, json });
    expect((await post("/v1/admin/customers/CUST-999/tokens", TOKENS.ops, { label: "x" })).status).toBe(404);
    expect((await api("/v1/admin/customers/CUST-999/tokens", { token: TOKENS.ops })).status).toBe(404);
    expect((await api("/v1/admin/tokens/tok_nope", { method: "DELETE", token: TOKENS.ops })).status).toBe(404);
    expect((await api("/v1/admin/tokens/ops", { method: "DELETE", token: TOKENS.ops })).status).toBe(404);
    expect((await post("/v1/admin/customers/CUST-001/tokens", TOKENS.acme, { label: "x" })).status).toBe(403);
    expect((await api("/v1/admin/customers/CUST-001/tokens", { token: TOKENS.acme })).status).toBe(403);
    expect((await api("/v1/admin/tokens/acme-portal", { method: "DELETE", token: TOKENS.acme })).status).toBe(403);
    expect((await post("/v1/admin/customers/CUST-001/tokens", TOKENS.ops, { label: "" })).status).toBe(422);
    expect((await post("/v1/admin/customers/CUST-001/tokens", TOKENS.ops, {})).status).toBe(422);
    expect((await listOrders(TOKENS.ops)).status).toBe(200);
  });
});
