import { describe, expect, it } from "vitest";
import type { OrderView } from "../../src/shared/order-view";
import { acmePo, api, freshPo, TOKENS } from "../fixtures/api";
import { expectNotRecorded } from "../fixtures/orders";
import { expectProblem, expectTraceId } from "../fixtures/responses";

/** Posts a raw body to the portal intake with the given headers. */
function postRaw(body: BodyInit, headers: Record<string, string>, token: string = TOKENS.acme): Promise<Response> {
  return api("/v1/orders", { method: "POST", token, headers, body });
}

describe("401: authentication", () => {
  it("refuses a request without an Authorization header", async () => {
    const res = await api("/v1/orders/PO-2024-11234");
    const problem = await expectProblem(res, 401, "unauthorized", "Unauthorized");
    expect(problem.detail).toMatch(/bearer token is required/i);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
  });

  it("refuses an unknown token", async () => {
    const res = await api("/v1/orders/PO-2024-11234", { token: "no-such-token" });
    const problem = await expectProblem(res, 401, "unauthorized", "Unauthorized");
    expect(problem.detail).toMatch(/not recognised/i);
  });

  it("refuses a malformed Authorization header", async () => {
    const res = await api("/v1/orders/PO-2024-11234", { headers: { authorization: "Basic x" } });
    const problem = await expectProblem(res, 401, "unauthorized", "Unauthorized");
    expect(problem).not.toHaveProperty("po_number");
    expect(problem.detail).toMatch(/bearer/i);
  });
});

describe("403: a customer acting for another customer", () => {
  it("refuses a PO for another customer_id and records nothing", async () => {
    const po = freshPo();
    const res = await api("/v1/orders", {
      method: "POST",
      token: TOKENS.acme,
      json: acmePo(po, undefined, { customer_id: "CUST-002" }),
    });
    const problem = await expectProblem(res, 403, "forbidden", "Forbidden");
    expect(problem.detail).toContain("CUST-001");
    await expectNotRecorded(po);
  });
});

describe("404: orders the caller may not see, and unknown paths", () => {
  it("answers 404, never the order, for another customer's order view", async () => {
    const res = await api("/v1/orders/PO-2024-11234", { token: TOKENS.beta });
    const problem = await expectProblem(res, 404, "not-found", "Not Found");
    const text = JSON.stringify(problem);
    expect(text).not.toContain("CUST-001");
    expect(problem).not.toHaveProperty("lines");
    // The owner does see it, so the 404 above is about visibility, not existence.
    const own = await api("/v1/orders/PO-2024-11234", { token: TOKENS.acme });
    expect(own.status).toBe(200);
    expect(((await own.json()) as OrderView).customer_id).toBe("CUST-001");
  });

  it("answers 404 for another customer's event log", async () => {
    const res = await api("/v1/orders/PO-2024-11234/events", { token: TOKENS.beta });
    const problem = await expectProblem(res, 404, "not-found", "Not Found");
    expect(problem).not.toHaveProperty("events");
    expect(JSON.stringify(problem)).not.toContain("CUST-001");
  });

  it("answers 404 for an unknown PO", async () => {
    const po = freshPo();
    await expectProblem(await api(`/v1/orders/${po}`, { token: TOKENS.ops }), 404, "not-found", "Not Found");
    await expectProblem(await api(`/v1/orders/${po}/events`, { token: TOKENS.ops }), 404, "not-found", "Not Found");
  });

  it("answers 404 for a path PO that does not match the pattern", async () => {
    for (const bad of ["PO%3A1", "-PO-1", "P".repeat(23), "PO%201", "%2E%2E"]) {
      const res = await api(`/v1/orders/${bad}`, { token: TOKENS.ops });
      await expectProblem(res, 404, "not-found", "Not Found");
    }
  });

  it("answers an unknown route with a problem document", async () => {
    const res = await api("/v1/no-such-thing", { token: TOKENS.ops });
    const problem = await expectProblem(res, 404, "not-found", "Not Found");
    expect(problem.detail).toContain("/v1/no-such-thing");
  });
});

describe("400: malformed requests to intake", () => {
  it("refuses malformed JSON", async () => {
    const po = freshPo();
    const res = await postRaw(`{"po_number": "${po}", "customer_id": `, { "content-type": "application/json" });
    const problem = await expectProblem(res, 400, "malformed-json", "Bad Request");
    expect(problem.detail).toMatch(/not valid JSON/);
    await expectNotRecorded(po);
  });

  it("refuses a body that is not JSON by content type", async () => {
    const po = freshPo();
    const res = await postRaw(JSON.stringify(acmePo(po)), { "content-type": "text/plain" });
    const problem = await expectProblem(res, 400, "unsupported-content-type", "Bad Request");
    expect(problem.detail).toContain("text/plain");
    await expectNotRecorded(po);
  });

  it("refuses a body that is not valid UTF-8", async () => {
    const res = await postRaw(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), { "content-type": "application/json" });
    const problem = await expectProblem(res, 400, "invalid-encoding", "Bad Request");
    expect(problem.detail).toMatch(/UTF-8/);
  });

  it("refuses JSON nested deeper than 32 levels", async () => {
    const po = freshPo();
    let deep: unknown = "bottom";
    // The PO object is level 1; 32 wrappers under it make 33 levels.
    for (let i = 0; i < 32; i++) deep = { nested: deep };
    const res = await postRaw(JSON.stringify(acmePo(po, undefined, { deep })), { "content-type": "application/json" });
    const problem = await expectProblem(res, 400, "json-too-deep", "Bad Request");
    expect(problem.detail).toContain("32");
    await expectNotRecorded(po);
  });

  it("lets JSON nested exactly 32 levels past the depth check", async () => {
    // 31 wrappers under the PO object make 32 levels: the depth check passes and the schema
    // (a strict object, so the unknown key) is what refuses it.
    const po = freshPo();
    let deep: unknown = "bottom";
    for (let i = 0; i < 31; i++) deep = { nested: deep };
    const res = await postRaw(JSON.stringify(acmePo(po, undefined, { deep })), { "content-type": "application/json" });
    const problem = await expectProblem(res, 422, "invalid-purchase-order", "Unprocessable Content");
    expect(problem.errors?.length).toBeGreaterThan(0);
  });

  it("refuses an Idempotency-Key containing a space", async () => {
    const po = freshPo();
    const res = await postRaw(JSON.stringify(acmePo(po)), {
      "content-type": "application/json",
      "idempotency-key": "has a space",
    });
    const problem = await expectProblem(res, 400, "invalid-idempotency-key", "Bad Request");
    expect(problem.detail).toMatch(/Idempotency-Key/);
    await expectNotRecorded(po);
  });
});

describe("413: bodies over 1 MiB", () => {
  it("refuses a 1.1 MB PO and records nothing", async () => {
    const po = freshPo();
    const body = JSON.stringify(acmePo(po, undefined, { notes: "n".repeat(1_100_000) }));
    expect(body.length).toBeGreaterThan(1024 * 1024);
    const res = await postRaw(body, { "content-type": "application/json" });
    const problem = await expectProblem(res, 413, "body-too-large", "Content Too Large");
    expect(problem.detail).toMatch(/1 MiB/);
    await expectNotRecorded(po);
  });
});

describe("409: duplicate PO numbers", () => {
  it("refuses the same PO number with a different body", async () => {
    const po = freshPo();
    const first = await api("/v1/orders", { method: "POST", token: TOKENS.acme, json: acmePo(po) });
    expect(first.status).toBe(202);
    expectTraceId(first);
    const second = await api("/v1/orders", {
      method: "POST",
      token: TOKENS.acme,
      json: acmePo(po, [{ sku: "SKU-4892", qty: 61 }]),
    });
    const problem = await expectProblem(second, 409, "duplicate-purchase-order", "Conflict");
    expect(problem.po_number).toBe(po);
    // The original order is untouched.
    const view = (await (await api(`/v1/orders/${po}`, { token: TOKENS.acme })).json()) as OrderView;
    expect(view.lines[0]?.qty).toBe(60);
  });

  it("refuses the same PO body sent twice without an Idempotency-Key", async () => {
    const po = freshPo();
    const body = acmePo(po);
    const first = await api("/v1/orders", { method: "POST", token: TOKENS.acme, json: body });
    expect(first.status).toBe(202);
    const second = await api("/v1/orders", { method: "POST", token: TOKENS.acme, json: body });
    const problem = await expectProblem(second, 409, "duplicate-purchase-order", "Conflict");
    expect(problem.po_number).toBe(po);
    expect(second.headers.get("idempotent-replayed")).toBeNull();
  });
});

describe("Idempotency-Key", () => {
  it("replays the first answer for the same key and body", async () => {
    const po = freshPo();
    const key = `key-${crypto.randomUUID()}`;
    const body = JSON.stringify(acmePo(po));
    const headers = { "content-type": "application/json", "idempotency-key": key };
    const first = await postRaw(body, headers);
    expect(first.status).toBe(202);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expectTraceId(first);
    const firstText = await first.text();
    expect((JSON.parse(firstText) as OrderView).po_number).toBe(po);

    const second = await postRaw(body, headers);
    expect(second.status).toBe(first.status);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.headers.get("content-type")).toMatch(/^application\/json/);
    expectTraceId(second);
    const secondText = await second.text();
    expect(secondText).toBe(firstText);
    expect(JSON.parse(secondText)).toEqual(JSON.parse(firstText));
  });

  it("replays a 422 answer too, as a problem document", async () => {
    const po = freshPo();
    const key = `key-${crypto.randomUUID()}`;
    const body = JSON.stringify(acmePo(po, [{ sku: "SKU-4892", qty: 0 }]));
    const headers = { "content-type": "application/json", "idempotency-key": key };
    const first = await postRaw(body, headers);
    const firstProblem = await expectProblem(first, 422, "invalid-purchase-order", "Unprocessable Content");
    const second = await postRaw(body, headers);
    const secondProblem = await expectProblem(second, 422, "invalid-purchase-order", "Unprocessable Content");
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(secondProblem).toEqual(firstProblem);
  });

  it("refuses the same key with a different body", async () => {
    const po = freshPo();
    const key = `key-${crypto.randomUUID()}`;
    const headers = { "content-type": "application/json", "idempotency-key": key };
    const first = await postRaw(JSON.stringify(acmePo(po)), headers);
    expect(first.status).toBe(202);
    const second = await postRaw(JSON.stringify(acmePo(po, [{ sku: "SKU-4892", qty: 61 }])), headers);
    const problem = await expectProblem(second, 422, "idempotency-key-reused", "Unprocessable Content");
    expect(problem.type.endsWith("idempotency-key-reused")).toBe(true);
    expect(second.headers.get("idempotent-replayed")).toBeNull();
  });
});
