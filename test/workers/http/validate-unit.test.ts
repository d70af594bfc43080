import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "../../../src/workers/errors";
import { readValidJson, validate } from "../../../src/workers/http/validate";
import { PROBLEMS } from "../../../src/workers/problems";

const Body = z.strictObject({
  name: z.string().min(1),
  lines: z.array(z.object({ qty: z.number().int().positive() })),
});

const post = (text: string, type = "application/json") =>
  new Request("https://orders.test/", { method: "POST", headers: { "content-type": type }, body: text });

async function caught(work: () => unknown): Promise<AppError> {
  try {
    await work();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected an AppError");
}

describe("validate: the one schema check of a request's input", () => {
  it("returns the parsed value", () => {
    expect(validate(Body, { name: "a", lines: [{ qty: 2 }] }, PROBLEMS.invalidCsat, "the body")).toEqual({
      name: "a",
      lines: [{ qty: 2 }],
    });
  });

  it("throws the given problem naming every offending field", async () => {
    const err = await caught(() =>
      validate(Body, { name: "", lines: [{ qty: 0 }], extra: 1 }, PROBLEMS.invalidDecision, "the decision"),
    );
    const problem = err.toProblem();
    expect(problem.status).toBe(422);
    expect(problem.type).toBe(PROBLEMS.invalidDecision.type);
    expect(problem.errors?.map((e) => e.field).sort()).toEqual(["(body)", "lines[0].qty", "name"]);
    expect(problem.detail).toMatch(/^the decision is invalid: /);
    expect(problem.detail).toContain("lines[0].qty: ");
  });
});

describe("readValidJson: a body read, then validated", () => {
  it("keeps malformed JSON a 400 before any schema sees it", async () => {
    const err = await caught(() => readValidJson(post("{"), Body, PROBLEMS.invalidCsat, "the body"));
    expect(err.problem).toBe(PROBLEMS.malformedJson);
    expect(err.status).toBe(400);
  });

  it("keeps a wrong content type a 400", async () => {
    const err = await caught(() => readValidJson(post("{}", "text/plain"), Body, PROBLEMS.invalidCsat, "the body"));
    expect(err.problem).toBe(PROBLEMS.unsupportedContentType);
  });

  it("answers an invalid body with the route's 422 naming the field", async () => {
    const err = await caught(() => readValidJson(post('{"name":"a","lines":"x"}'), Body, PROBLEMS.invalidCsat, "it"));
    expect(err.problem).toBe(PROBLEMS.invalidCsat);
    expect(err.extensions.errors?.map((e) => e.field)).toEqual(["lines"]);
  });

  it("returns the data and the bytes as received, for hashing", async () => {
    const text = '{"name":"a","lines":[{"qty":1}]}';
    const { data, bytes } = await readValidJson(post(text), Body, PROBLEMS.invalidCsat, "the body");
    expect(data.lines[0]?.qty).toBe(1);
    expect(new TextDecoder().decode(bytes)).toBe(text);
  });
});
