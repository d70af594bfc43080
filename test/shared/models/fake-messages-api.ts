/** A scripted stand-in for the Messages API, given to the real SDK as its `fetch`. */
import { z } from "zod";
import type { ModelRequest, SystemBlock, ToolDefinition } from "../../../src/shared/models/provider";
import { routeTask, type ModelTask } from "../../../src/shared/models/router";

const CacheControl = z.object({ type: z.literal("ephemeral") });

/** The parts of a Messages API request body the tests look at, parsed rather than cast. */
export const SentBody = z.object({
  model: z.string(),
  max_tokens: z.number(),
  system: z
    .array(z.object({ type: z.literal("text"), text: z.string(), cache_control: CacheControl.optional() }))
    .optional(),
  tools: z
    .array(
      z.object({
        name: z.string(),
        description: z.string(),
        input_schema: z.record(z.string(), z.unknown()),
        cache_control: CacheControl.optional(),
      }),
    )
    .optional(),
  tool_choice: z.object({ type: z.string(), name: z.string().optional() }).optional(),
  messages: z.array(
    z.object({
      role: z.enum(["user", "assistant"]),
      content: z.union([
        z.string(),
        z.array(
          z.looseObject({
            type: z.string(),
            tool_use_id: z.string().optional(),
            id: z.string().optional(),
            is_error: z.boolean().optional(),
            content: z.string().optional(),
          }),
        ),
      ]),
    }),
  ),
});
export type SentBody = z.infer<typeof SentBody>;

/** One request the SDK sent. */
export interface SentRequest {
  url: string;
  method: string;
  headers: Headers;
  body: SentBody;
}

/** A scripted answer: a JSON body with a status, or a network failure. */
export type ScriptedAnswer =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { network_error: string };

/** A fake API answering `script` in order; `requests` records what was sent. */
export function fakeMessagesApi(script: ScriptedAnswer[]) {
  const requests: SentRequest[] = [];
  let next = 0;
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    const body = SentBody.parse(JSON.parse(typeof init?.body === "string" ? init.body : "{}"));
    requests.push({ url, method: init?.method ?? "GET", headers: new Headers(init?.headers), body });
    const answer = script[next++];
    if (!answer) throw new Error(`fake Messages API: no scripted answer for request ${next}`);
    if ("network_error" in answer) throw new TypeError(answer.network_error);
    return new Response(JSON.stringify(answer.json), {
      status: answer.status,
      headers: { "content-type": "application/json", "request-id": `req_${next}`, ...answer.headers },
    });
  };
  return { fetch, requests };
}

/** Usage as the API reports it. */
export interface ApiUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

/** A successful Messages API response body. */
export function messageJson(options: {
  model: string;
  content: Array<{ type: "text"; text: string } | { type: "tool_use"; id: string; name: string; input: unknown }>;
  stop_reason?: string;
  usage: ApiUsage;
}): { status: number; json: unknown } {
  return {
    status: 200,
    json: {
      id: "msg_test",
      type: "message",
      role: "assistant",
      model: options.model,
      content: options.content.map((b) =>
        b.type === "text" ? { ...b, citations: null } : { ...b, caller: { type: "direct" } },
      ),
      stop_reason:
        options.stop_reason ?? (options.content.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn"),
      stop_sequence: null,
      usage: {
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        ...options.usage,
        cache_creation: null,
        server_tool_use: null,
        service_tier: "standard",
      },
    },
  };
}

/** An API error body, e.g. `apiError(529, "overloaded_error")`. */
export function apiError(status: number, type: string, headers?: Record<string, string>): ScriptedAnswer {
  return {
    status,
    json: { type: "error", error: { type, message: `${type} (scripted)` } },
    ...(headers ? { headers } : {}),
  };
}

/** A request for `task`, routed, with the given system blocks, tools and one user message. */
export function requestFor(
  task: ModelTask,
  options: {
    system?: SystemBlock[];
    tools?: ToolDefinition[];
    text?: string;
    complexity?: number;
    max_tokens?: number;
  } = {},
): ModelRequest {
  return {
    task,
    route: routeTask(task, options.complexity),
    system: options.system ?? [{ text: "You answer B2B order questions.", cache: false }],
    ...(options.tools ? { tools: options.tools } : {}),
    messages: [{ role: "user", content: options.text ?? "Where is PO-1001?" }],
    max_tokens: options.max_tokens ?? 512,
    metadata: { po_number: "PO-1001", interaction_id: "int-1" },
  };
}

/** Deterministic prose of about `tokens` estimated tokens, for prefixes that must be long. */
export function prose(tokens: number, seed = "catalog"): string {
  const words: string[] = [];
  // Four-letter-or-shorter words estimate at one token each.
  for (let i = 0; i < tokens; i++) words.push(`${seed.slice(0, 2)}${String.fromCharCode(97 + (i % 26))}`);
  return words.join(" ");
}
