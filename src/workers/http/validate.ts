import type { z } from "zod";
import { invalidFields } from "../errors";
import type { ProblemType } from "../problems";
import { readJsonObject } from "./json-body";

/**
 * The one way a request's input is checked against its schema: the parsed value, or `problem`
 * naming every offending field. The caller names the problem its contract gives (DESIGN §4): most
 * bodies a 422 of their own type; queries, headers and the status question the 400
 * `invalid-request`. Not `@hono/zod-validator`: its `json` target reads the body with
 * `c.req.json()`, past the streaming 1 MiB cap, the strict UTF-8 decoding and the depth limit
 * of `readJsonObject`, each of which has its own problem here.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  problem: ProblemType,
  subject: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidFields(problem, subject, parsed.error);
  return parsed.data;
}

/** Reads a JSON object body (see `readJsonObject`) and validates it; the bytes are kept for hashing. */
export async function readValidJson<S extends z.ZodType>(
  request: Request,
  schema: S,
  problem: ProblemType,
  subject: string,
): Promise<{ data: z.output<S>; bytes: Uint8Array }> {
  const { value, bytes } = await readJsonObject(request);
  return { data: validate(schema, value, problem, subject), bytes };
}
