import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { projectOrderToD1 } from "../../../src/shared/db/order-projection";
import { buildOrderView, type LaterEvent } from "../../fixtures/order-events";

const opened: LaterEvent = {
  actor: "fulfillment",
  body: {
    type: "escalation.opened",
    data: {
      escalation_id: "ESC-PROJ-1",
      exception_id: null,
      reason: "split over the approval limit",
      proposed_resolution: { action: "approve_split_shipment" },
    },
  },
};
const decided: LaterEvent = {
  actor: "ops",
  body: {
    type: "escalation.decided",
    data: {
      escalation_id: "ESC-PROJ-1",
      exception_id: null,
      decision: "approve",
      decided_by: "ops",
      note: null,
      resolution: null,
    },
  },
};

const statusOf = async (id: string) =>
  (await env.DB.prepare("SELECT status FROM escalations WHERE escalation_id = ?").bind(id).first<{ status: string }>())
    ?.status;

describe("projecting an order into D1", () => {
  it("never reopens a decided escalation when an older view arrives late", async () => {
    const spec = { po_number: "PO-PROJ-1" };
    const older = buildOrderView(spec, [opened]);
    const newer = buildOrderView(spec, [opened, decided]);
    await projectOrderToD1(env.DB, older);
    expect(await statusOf("ESC-PROJ-1")).toBe("open");
    await projectOrderToD1(env.DB, newer);
    expect(await statusOf("ESC-PROJ-1")).toBe("decided");
    // The outbox may deliver the older projection again after the newer one.
    await projectOrderToD1(env.DB, older);
    expect(await statusOf("ESC-PROJ-1")).toBe("decided");
  });
});
