import { describe, expect, it } from "vitest";
import { acmePo, api, freshPo, TOKENS, waitForSettled } from "../fixtures/api";

describe("portal PO through the four agents", () => {
  it("settles with every agent invoked, priced by contract tier", async () => {
    const po = freshPo();
    const res = await api("/v1/orders", { method: "POST", token: TOKENS.acme, json: acmePo(po) });
    expect(res.status).toBe(202);
    const first = (await res.json()) as { status: string; po_number: string; pending_handoffs: number };
    expect(first.po_number).toBe(po);
    expect(first.status).toBe("received");
    expect(first.pending_handoffs).toBe(1);

    const view = await waitForSettled(po);
    expect(view.agents_invoked).toEqual(["intake", "fulfillment", "exception", "comms"]);
    expect(view.status).toBe("confirmed");
    expect(view.lines[0]).toMatchObject({ sku: "SKU-4892", qty: 60, contract_price: 480, list_price: 595 });
    expect(view.total).toBe(28800);
    expect(view.contract_id).toBe("CTR-2024-001");
    expect(view.shipments).toHaveLength(1);
    expect(view.notifications.length).toBeGreaterThan(0);
  });
});
