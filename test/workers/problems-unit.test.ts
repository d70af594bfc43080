import { describe, expect, it } from "vitest";
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

  it("keeps the types the API has always answered with (DESIGN §4 and its tests)", () => {
    const bySlug = Object.fromEntries(entries.map(([, p]) => [p.slug, p.status]));
    expect(bySlug).toMatchObject({
      "invalid-request": 400,
      "malformed-json": 400,
      "invalid-purchase-order": 422,
      "invalid-csat": 422,
      "invalid-decision": 422,
      "invalid-email": 422,
      "invalid-webhook-event": 422,
      "duplicate-purchase-order": 409,
      "body-too-large": 413,
      "admission-full": 429,
      internal: 500,
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

  it("refuses, by type, a problem made outside the registry", () => {
    const homemade = { slug: "made-up", status: 400, title: "Bad Request", type: `${PROBLEM_BASE}made-up` } as const;
    // @ts-expect-error: only the registry can make a ProblemType, so a route cannot invent one
    const err = new AppError(homemade, "never compiles");
    const registered: ProblemType[] = Object.values(PROBLEMS);
    expect(registered).not.toContain(err.problem);
  });
});
