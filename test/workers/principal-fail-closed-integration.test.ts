import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { hashToken } from "../../src/shared/db/principals-repository";
import { api } from "../fixtures/api";

describe("a customer token that names no valid customer sees nothing (fail closed)", () => {
  it("is refused on the order list, an order and memory, where it once saw every customer's", async () => {
    await env.DB.prepare(
      "INSERT INTO customers (customer_id, name, tier, contact_email, allow_partial_shipment) VALUES ('acme-misfiled', 'Acme, misfiled', 'standard', 'x@example.com', 0)",
    ).run();
    await env.DB.prepare(
      "INSERT INTO principals (token_hash, principal_id, kind, customer_id, name) VALUES (?, 'customer-misfiled', 'customer', 'acme-misfiled', 'misfiled')",
    )
      .bind(await hashToken("misfiled-customer-token"))
      .run();
    for (const path of ["/v1/orders", "/v1/orders/PO-2024-12015", "/v1/memory/episodes"]) {
      const res = await api(path, { token: "misfiled-customer-token" });
      expect(res.status, path).toBe(401);
      expect(await res.text(), path).not.toContain('PO-2024-12015","customer_id');
    }
  });
});
