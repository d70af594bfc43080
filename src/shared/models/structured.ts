/**
 * Answers as validated data. The answer is asked for as the input of a single forced tool,
 * `respond`, whose input schema is the zod schema's JSON schema: the API then returns a
 * parsed JSON object in a `tool_use` block, so there is no JSON to dig out of prose or code
 * fences, the schema travels with the tool definitions (the cached prefix), and the offline
 * provider answers with the same block kind. zod still validates: the schema is a request to
 * the model, not a guarantee.
 */
import { z } from "zod";
import { StructuredOutputError } from "./errors";
import type { ChatMessage, ModelProvider, ModelRequest, ModelResponse, ToolDefinition } from "./provider";
import { objectJsonSchema } from "./tool-loop";

/** The name of the forced tool that carries structured answers. */
export const RESPOND_TOOL = "respond";

/** A validated answer and the calls it took (two when a repair was needed). */
export interface StructuredResult<T> {
  value: T;
  responses: ModelResponse[];
  cost_usd: number;
}

/** The `respond` tool for a schema; non-object schemas are wrapped as `{ value }`. */
function respondTool(schema: z.ZodType, description?: string): { tool: ToolDefinition; wrapped: boolean } {
  const wrapped = z.toJSONSchema(schema, { io: "input" }).type !== "object";
  const input_schema = objectJsonSchema(wrapped ? z.object({ value: schema }) : schema);
  return {
    tool: {
      name: RESPOND_TOOL,
      description: description ?? "Give your answer by calling this tool; its input is the whole answer.",
      input_schema,
    },
    wrapped,
  };
}

/**
 * Asks for an answer matching `schema`, validates it, and on failure asks once more with the
 * validation problems; a second failure throws {@link StructuredOutputError}. The request's
 * own tools are replaced by `respond`: with the choice forced, no other tool could be called.
 */
export async function completeStructured<T>(
  provider: Pick<ModelProvider, "complete">,
  request: ModelRequest,
  schema: z.ZodType<T>,
  options: { description?: string } = {},
): Promise<StructuredResult<T>> {
  const { tool, wrapped } = respondTool(schema, options.description);
  const envelope = z.object({ value: schema });
  const problemsOf = (error: z.ZodError): string[] =>
    error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
  const parse = (input: unknown): { ok: true; value: T } | { ok: false; problems: string[] } => {
    if (wrapped) {
      const result = envelope.safeParse(input);
      return result.success
        ? { ok: true, value: result.data.value }
        : { ok: false, problems: problemsOf(result.error) };
    }
    const result = schema.safeParse(input);
    return result.success ? { ok: true, value: result.data } : { ok: false, problems: problemsOf(result.error) };
  };

  const messages: ChatMessage[] = [...request.messages];
  const responses: ModelResponse[] = [];
  let problems: string[] = [];
  for (let attempt = 1; attempt <= 2; attempt++) {
    const response = await provider.complete({
      ...request,
      tools: [tool],
      tool_choice: { type: "tool", name: RESPOND_TOOL },
      messages: [...messages],
    });
    responses.push(response);
    const call = response.content.find((b) => b.type === "tool_use" && b.name === RESPOND_TOOL);
    const parsed =
      call?.type === "tool_use"
        ? parse(call.input)
        : { ok: false as const, problems: [`no ${RESPOND_TOOL} tool call in the answer`] };
    if (parsed.ok) return { value: parsed.value, responses, cost_usd: responses.reduce((n, r) => n + r.cost_usd, 0) };
    problems = parsed.problems;

    const repair = `Your answer did not match the schema:\n${problems.map((p) => `- ${p}`).join("\n")}\nCall ${RESPOND_TOOL} again with corrected input.`;
    if (response.content.length > 0) messages.push({ role: "assistant", content: response.content });
    // The API requires a tool_use to be answered by its tool_result in the next turn.
    const pending = response.content.filter((b) => b.type === "tool_use");
    messages.push({
      role: "user",
      content:
        pending.length > 0
          ? pending.map((b) => ({ type: "tool_result" as const, tool_use_id: b.id, content: repair, is_error: true }))
          : repair,
    });
  }
  throw new StructuredOutputError(`${request.task}: answer failed validation twice`, problems, responses.length);
}
