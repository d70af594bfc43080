/**
 * The manual tool-use loop (DESIGN §7): the model asks for tools, we run them and answer,
 * until it stops asking, the turn cap is hit, or the cost ceiling is crossed.
 */
import { z } from "zod";
import type {
  ChatMessage,
  ModelProvider,
  ModelRequest,
  ModelResponse,
  ObjectJsonSchema,
  ToolDefinition,
  ToolResultContent,
} from "./provider";

/** Runs one tool; `input` is whatever the model sent and is validated inside. */
export type ToolHandler = (input: unknown) => Promise<unknown>;

/** A tool's definition for the API and its handler, from {@link defineTool}. */
export interface DefinedTool {
  definition: ToolDefinition;
  handler: ToolHandler;
}

/** A tool call the model sent with input its schema refuses. */
class ToolInputError extends Error {
  override readonly name = "ToolInputError";
}

/**
 * A zod schema as the JSON schema the API accepts for tool input: its root must be an object.
 * `io: "input"` describes what the model must send (defaults may be omitted), and `$schema`
 * is dropped because the API does not need the dialect marker.
 */
export function objectJsonSchema(schema: z.ZodType): ObjectJsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12" });
  if (json.type !== "object") throw new TypeError(`a tool's input schema must be an object, got ${String(json.type)}`);
  const { properties, required, ...rest } = json;
  return { ...rest, type: "object", ...(properties ? { properties } : {}), ...(required ? { required } : {}) };
}

/** Defines a tool whose input is validated with its zod schema before `run` sees it. */
export function defineTool<S extends z.ZodType>(tool: {
  name: string;
  description: string;
  input: S;
  run: (input: z.output<S>) => Promise<unknown> | unknown;
}): DefinedTool {
  return {
    definition: { name: tool.name, description: tool.description, input_schema: objectJsonSchema(tool.input) },
    handler: async (raw) => {
      const parsed = tool.input.safeParse(raw);
      if (!parsed.success) throw new ToolInputError(`invalid input for ${tool.name}: ${z.prettifyError(parsed.error)}`);
      return tool.run(parsed.data);
    },
  };
}

/** Splits defined tools into what the request sends and what the loop runs. */
export function toolset(tools: DefinedTool[]): {
  definitions: ToolDefinition[];
  handlers: Record<string, ToolHandler>;
} {
  return {
    definitions: tools.map((t) => t.definition),
    handlers: Object.fromEntries(tools.map((t) => [t.definition.name, t.handler])),
  };
}

/** Inputs of {@link runToolLoop}. */
export interface ToolLoopOptions {
  provider: Pick<ModelProvider, "complete">;
  request: ModelRequest;
  tools: Record<string, ToolHandler>;
  /** Model calls at most. */
  maxTurns?: number;
  costCeilingUsd: number;
  /**
   * Checked after a turn's tools have run: once it holds, the caller has everything it will use
   * and the loop ends without the call that would only read the tool results back.
   */
  until?: () => boolean;
}

/** One tool call as the loop ran it. */
export interface ToolCallRecord {
  name: string;
  input: unknown;
  ok: boolean;
}

/** How a loop ended and what it cost. */
export interface ToolLoopResult {
  final: ModelResponse;
  turns: ModelResponse[];
  tool_calls: ToolCallRecord[];
  cost_usd: number;
  /**
   * `end_turn` means the model stopped asking for tools (`final.stop_reason` says why); `until`
   * that the caller's condition held after a turn's tools ran.
   */
  stopped: "end_turn" | "until" | "cost_ceiling" | "max_turns";
  /** The conversation including the model's turns and our tool results. */
  messages: ChatMessage[];
}

/**
 * Runs the loop. Tool calls within a turn run in order; a handler that throws, or input that
 * fails validation, goes back to the model as an `is_error` result so it can correct itself.
 * The accumulated cost is checked after every tool result: past the ceiling the loop stops
 * before paying for another call. On the last allowed turn, requested tools are not run,
 * because no model call would read their results; for the same reason the loop ends once
 * `until` holds after a turn's tools ran.
 */
export async function runToolLoop(options: ToolLoopOptions): Promise<ToolLoopResult> {
  const { provider, request, tools, maxTurns = 8, costCeilingUsd, until } = options;
  if (!Number.isInteger(maxTurns) || maxTurns < 1)
    throw new RangeError(`maxTurns must be a positive integer, got ${maxTurns}`);
  const messages: ChatMessage[] = [...request.messages];
  const turns: ModelResponse[] = [];
  const tool_calls: ToolCallRecord[] = [];
  let cost_usd = 0;
  const result = (final: ModelResponse, stopped: ToolLoopResult["stopped"]): ToolLoopResult => ({
    final,
    turns,
    tool_calls,
    cost_usd,
    stopped,
    messages,
  });

  for (let turn = 1; ; turn++) {
    const response = await provider.complete({ ...request, messages: [...messages] });
    turns.push(response);
    cost_usd += response.cost_usd;
    messages.push({ role: "assistant", content: response.content });
    const calls = response.content.filter((b) => b.type === "tool_use");
    if (response.stop_reason !== "tool_use" || calls.length === 0) return result(response, "end_turn");
    if (turn >= maxTurns) return result(response, "max_turns");

    const results: ToolResultContent[] = [];
    messages.push({ role: "user", content: results });
    for (const call of calls) {
      const handler = tools[call.name];
      try {
        if (!handler) throw new ToolInputError(`unknown tool ${call.name}`);
        const output = await handler(call.input);
        results.push({
          type: "tool_result",
          tool_use_id: call.id,
          content: typeof output === "string" ? output : JSON.stringify(output ?? null),
        });
        tool_calls.push({ name: call.name, input: call.input, ok: true });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        results.push({ type: "tool_result", tool_use_id: call.id, content: message, is_error: true });
        tool_calls.push({ name: call.name, input: call.input, ok: false });
      }
      if (cost_usd > costCeilingUsd) return result(response, "cost_ceiling");
    }
    if (until?.()) return result(response, "until");
  }
}
