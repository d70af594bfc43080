import { describe, expect, it } from "vitest";
import type { OrderView } from "../../src/shared/order-view";
import { api, TOKENS } from "../fixtures/api";

describe("seeded orders through the API", () => {
  it("PO-2024-11234's view flags the price mismatch intake would have flagged", async () => {
    const res = await api("/v1/orders/PO-2024-11234", { token: TOKENS.ops });
    expect(res.status).toBe(200);
    const view = (await res.json()) as OrderView;
    expect(view.flags).toContain("price_mismatch");
    expect(view.lines[0]).toMatchObject({ sku: "SKU-4892", unit_price: 495, contract_price: 480 });
  });
});
