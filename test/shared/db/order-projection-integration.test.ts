import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { projectOrderToD1 } from "../../../src/shared/db/order-projection";
import { meteredEnv } from "../../../src/shared/usage/metered-env";
import { UsageMeter } from "../../../src/shared/usage/usage";
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

  it("updates an order's row without rewriting its keys: fewer rows written than the first projection", async () => {
    const spec = { po_number: "PO-PROJ-2" };
    const meter = new UsageMeter();
    const db = meteredEnv(env, meter).DB;
    await projectOrderToD1(db, buildOrderView(spec, []));
    const inserted = meter.take().d1_rows_written;
    const later = buildOrderView(spec, [opened]);
    await projectOrderToD1(db, later);
    // The row and the escalation's; the key, received and customer indexes are left as they are.
    expect(meter.take().d1_rows_written).toBeLessThan(inserted);
    const row = await env.DB.prepare(
      "SELECT customer_id, channel, created_at, version FROM order_index WHERE po_number = ?",
    )
      .bind("PO-PROJ-2")
      .first<{ customer_id: string; channel: string; created_at: string; version: number }>();
    expect(row).toEqual({
      customer_id: later.customer_id,
      channel: later.channel,
      created_at: later.received_at,
      version: later.version,
    });
  });
});
