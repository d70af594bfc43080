import { describe, expect, expectTypeOf, it } from "vitest";
import { AppError } from "../../src/workers/errors";
import { PROBLEM_BASE, PROBLEMS, type ProblemType, STATUS_TITLES } from "../../src/workers/problems";

const entries = Object.entries(PROBLEMS);

describe("the problem registry", () => {
  it("defines each slug and each type URI once", () => {
    const slugs = entries.map(([, p]) => p.slug);
    const types = entries.map(([, p]) => p.type);
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(new Set(types).size).toBe(types.length);
  });

  it("makes every type the base and its slug, titled by its status", () => {
    for (const [, p] of entries) {
      expect(p.slug).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      expect(p.type).toBe(`${PROBLEM_BASE}${p.slug}`);
      expect(p.title).toBe(STATUS_TITLES[p.status]);
    }
  });

  it("keeps every type and status the API answers with (DESIGN §4): a change here is a contract change", () => {
    const bySlug = Object.fromEntries(entries.map(([, p]) => [p.slug, p.status]));
    expect(bySlug).toEqual({
      "admission-full": 429,
      "already-decided": 409,
      "ambiguous-po-number": 409,
      "amendment-refused": 409,
      "body-too-large": 413,
      "carrier-unavailable": 503,
      "csat-refused": 409,
      "decision-refused": 409,
      "duplicate-interchange": 409,
      "duplicate-purchase-order": 409,
      "event-refused": 409,
      forbidden: 403,
      "idempotency-key-in-use": 409,
      "idempotency-key-reused": 422,
      "interchange-incomplete": 503,
      "interchange-too-large": 413,
      internal: 500,
      "invalid-amendment": 422,
      "invalid-csat": 422,
      "invalid-cursor": 400,
      "invalid-decision": 422,
      "invalid-email": 422,
      "invalid-encoding": 400,
      "invalid-idempotency-key": 400,
      "invalid-import": 422,
      "invalid-interchange": 422,
      "invalid-purchase-order": 422,
      "invalid-request": 400,
      "invalid-rule-change": 422,
      "invalid-signature": 401,
      "invalid-token-request": 422,
      "invalid-webhook-event": 422,
      "json-object-required": 400,
      "json-too-deep": 400,
      "malformed-json": 400,
      "not-found": 404,
      "purchase-order-required": 422,
      "rate-limited": 429,
      unauthorized: 401,
      "unreadable-email": 422,
      "unsupported-content-type": 400,
      "upgrade-required": 426,
      "webhook-id-reused": 422,
      "webhook-not-configured": 503,
    });
  });

  it("renders an AppError as the problem document of its registered type", () => {
    const err = new AppError(PROBLEMS.csatRefused, "already rated", {
      po_number: "PO-1",
      headers: { "retry-after": "1" },
    });
    expect(err.status).toBe(409);
    expect(err.toProblem()).toEqual({
      type: `${PROBLEM_BASE}csat-refused`,
      title: "Conflict",
      status: 409,
      detail: "already rated",
      po_number: "PO-1",
    });
  });

  it("refuses, by type, a problem made outside the registry (checked by the typecheck)", () => {
    const homemade = { slug: "made-up", status: 400, title: "Bad Request", type: `${PROBLEM_BASE}made-up` } as const;
    expectTypeOf(homemade).not.toMatchTypeOf<ProblemType>();
    expectTypeOf(PROBLEMS.csatRefused).toMatchTypeOf<ProblemType>();
    // @ts-expect-error: only the registry can make a ProblemType, so a route cannot invent one
    expect(() => new AppError(homemade, "never compiles")).not.toThrow();
  });
});
