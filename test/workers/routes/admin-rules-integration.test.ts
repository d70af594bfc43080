import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { OrderView } from "../../../src/shared/order-view";
import { api, placeSettled, TOKENS, waitForSettled } from "../../fixtures/api";
import { auditRows } from "../../fixtures/audit";
import { resetStock } from "../../fixtures/stock";
import { sendWebhook } from "../../fixtures/webhooks";

beforeEach(resetStock);

const setEnabled = (enabled: boolean, token: string = TOKENS.ops, ruleId = "OR-001") =>
  api(`/v1/admin/rules/${ruleId}`, { method: "PATCH", token, json: { enabled } });

afterAll(() => setEnabled(true));

/** Beta's UPS shipment held by weather at Memphis in March, past its SLA: the case OR-001 covers. */
async function memphisDelay(): Promise<OrderView> {
  const tracking = `1Z${Math.random().toString(36).slice(2, 12).toUpperCase()}`;
  const view = await placeSettled("CUST-002", [{ sku: "SKU-7210", qty: 100 }], "2024-03-10");
  await sendWebhook("erp", {
    type: "shipment.dispatched",
    po_number: view.po_number,
    occurred_at: "2024-03-10T15:00:00Z",
    data: { carrier: "UPS", tracking, shipped_at: "2024-03-10T15:00:00Z" },
  });
  await waitForSettled(view.po_number);
  await sendWebhook("carrier", {
    tracking,
    carrier: "UPS",
    status: "weather_delay",
    location: "Memphis, TN",
    occurred_at: "2024-03-20T06:00:00Z",
    estimated_delivery: "2024-04-05",
  });
  return waitForSettled(view.po_number);
}

async function listedRule() {
  const { rules } = (await (await api("/v1/memory/rules", { token: TOKENS.ops })).json()) as {
    rules: { rule_id: string; enabled: boolean }[];
  };
  return rules.find((r) => r.rule_id === "OR-001");
}

describe("disabling and re-enabling a procedural rule", () => {
  it("OR-001 fires and is cited while enabled, neither while disabled, and again once re-enabled", async () => {
    expect((await memphisDelay()).resolutions[0]).toMatchObject({ rule_ids: ["OR-001"] });

    const off = await setEnabled(false);
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ rule_id: "OR-001", enabled: false });
    expect(await listedRule()).toMatchObject({ enabled: false });
    const disabled = await memphisDelay();
    expect(disabled.resolutions[0]).toMatchObject({ resolution_type: "notify_with_discount", rule_ids: [] });
    expect(disabled.resolutions[0]?.explanation).not.toContain("OR-001");
    const notice = disabled.notifications.find(
      (n) => n.milestone === `resolution:${disabled.exceptions[0]?.exception_id}`,
    );
    expect(notice?.due_by).not.toBe("2024-03-20T08:00:00.000Z");

    expect((await setEnabled(true)).status).toBe(200);
    expect(await listedRule()).toMatchObject({ enabled: true });
    expect((await memphisDelay()).resolutions[0]).toMatchObject({ rule_ids: ["OR-001"] });

    const audits = await auditRows({ detailAt: { path: "$.rule_id", value: "OR-001" } });
    expect(audits.map((a) => a.kind)).toEqual(expect.arrayContaining(["rule.disabled", "rule.enabled"]));
  });

  it("answers 404 for an unknown rule, 403 to a customer, 422 to a body without a boolean", async () => {
    expect((await setEnabled(false, TOKENS.ops, "OR-999")).status).toBe(404);
    expect((await setEnabled(false, TOKENS.beta)).status).toBe(403);
    const bad = await api("/v1/admin/rules/OR-001", { method: "PATCH", token: TOKENS.ops, json: { enabled: "no" } });
    expect(bad.status).toBe(422);
    expect(await listedRule()).toMatchObject({ enabled: true });
  });
});
