import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, TOKENS } from "../fixtures/api";
import { CARRIER_SECRET, ERP_SECRET, freshWebhookId, sendWebhook, signedHeaders } from "../fixtures/webhooks";

// A seed order that is in production: a status change to `in-production` is legal and harmless.
const EVENT = {
  type: "order.status_changed",
  po_number: "PO-2024-11825",
  occurred_at: "2024-11-02T09:00:00Z",
  data: { status: "in-production" },
};
const BODY = JSON.stringify(EVENT);

async function expectProblem(res: Response, status: number, typeEnd: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const problem = (await res.json()) as { type: string; detail: string };
  expect(problem.type.endsWith(typeEnd)).toBe(true);
  return problem;
}

const post = (headers: Record<string, string>, body = BODY) =>
  api("/v1/webhooks/erp", { method: "POST", headers, body });

describe("webhook signatures (Standard Webhooks)", () => {
  it("accept a correctly signed event", async () => {
    const res = await post(signedHeaders(ERP_SECRET, BODY));
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({
      status: "applied",
      po_number: "PO-2024-11825",
      order_status: "in-production",
    });
  });

  it("refuse a missing signature header with 401", async () => {
    const headers = signedHeaders(ERP_SECRET, BODY);
    delete headers["webhook-signature"];
    await expectProblem(await post(headers), 401, "invalid-signature");
  });

  it("refuse a truncated signature", async () => {
    const headers = signedHeaders(ERP_SECRET, BODY);
    headers["webhook-signature"] = headers["webhook-signature"]!.slice(0, 20);
    await expectProblem(await post(headers), 401, "invalid-signature");
  });

  it("refuse a signature made with another secret (the carrier's)", async () => {
    await expectProblem(await post(signedHeaders(CARRIER_SECRET, BODY)), 401, "invalid-signature");
  });

  it("refuse a body re-serialised after signing", async () => {
    const headers = signedHeaders(ERP_SECRET, BODY);
    await expectProblem(await post(headers, JSON.stringify(EVENT, null, 2)), 401, "invalid-signature");
  });

  it("refuse timestamps more than 5 minutes in the past or the future", async () => {
    const old = await expectProblem(
      await post(signedHeaders(ERP_SECRET, BODY, { at: new Date(Date.now() - 6 * 60_000) })),
      401,
      "invalid-signature",
    );
    expect(old.detail).toContain("too old");
    const future = await expectProblem(
      await post(signedHeaders(ERP_SECRET, BODY, { at: new Date(Date.now() + 6 * 60_000) })),
      401,
      "invalid-signature",
    );
    expect(future.detail).toContain("too new");
  });

  it("refuse a non-numeric timestamp", async () => {
    const headers = signedHeaders(ERP_SECRET, BODY);
    headers["webhook-timestamp"] = "yesterday";
    await expectProblem(await post(headers), 401, "invalid-signature");
  });

  it("accept a delivery carrying several signatures when one matches (key rotation)", async () => {
    const headers = signedHeaders(ERP_SECRET, BODY);
    headers["webhook-signature"] = `v1,${btoa("not-the-right-signature-at-all!!")} ${headers["webhook-signature"]}`;
    expect((await post(headers)).status).toBe(202);
  });

  it("acknowledge a replayed webhook-id without applying it again", async () => {
    const id = freshWebhookId();
    const first = await sendWebhook("erp", EVENT, { id });
    expect(first.status).toBe(202);
    const before = (await (await api("/v1/orders/PO-2024-11825/events", { token: TOKENS.ops })).json()) as {
      events: unknown[];
    };
    const again = await sendWebhook("erp", EVENT, { id });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: "duplicate", webhook_id: id });
    const after = (await (await api("/v1/orders/PO-2024-11825/events", { token: TOKENS.ops })).json()) as {
      events: unknown[];
    };
    expect(after.events).toHaveLength(before.events.length);
  });

  it("refuse the same webhook-id with a different body with 422", async () => {
    const id = freshWebhookId();
    expect((await sendWebhook("erp", EVENT, { id })).status).toBe(202);
    await expectProblem(
      await sendWebhook("erp", { ...EVENT, occurred_at: "2024-11-03T09:00:00Z" }, { id }),
      422,
      "webhook-id-reused",
    );
    const row = await env.DB.prepare("SELECT count(*) AS n FROM webhook_ids WHERE webhook_id = ?")
      .bind(id)
      .first<{ n: number }>();
    expect(row?.n).toBe(1);
  });

  it("answer 422 naming the field for a signed but invalid event", async () => {
    const bad = { ...EVENT, data: { status: "teleported" } };
    const problem = (await expectProblem(await sendWebhook("erp", bad), 422, "invalid-webhook-event")) as {
      errors?: { field: string }[];
    };
    expect(problem.errors?.map((e) => e.field)).toContain("data.status");
  });
});
