/**
 * The model layer's interface (DESIGN §7): requests name a task and carry their route; every
 * provider (Claude, offline) answers with the same response shape, usage and cost.
 */
import type { TokenUsage } from "./cost";
import type { ModelTask, RouteDecision } from "./router";

/** Text produced by the model or sent to it. */
export interface TextContent {
  type: "text";
  text: string;
}

/** A tool call produced by the model; `input` is untrusted until validated. */
export interface ToolUseContent {
  type: "tool_use";
  id: string;
  name: string;
  input: unknown;
}

/** What the model produces: the SDK's content blocks reduced to the two kinds this system uses. */
export type ContentBlock = TextContent | ToolUseContent;

/** The answer to a tool call, sent in the next user turn. */
export interface ToolResultContent {
  type: "tool_result";
  tool_use_id: string;
  content: string;
  is_error?: boolean;
}

/** One conversational turn. */
export interface ChatMessage {
  role: "user" | "assistant";
  content: string | Array<ContentBlock | ToolResultContent>;
}

/** A JSON schema whose root is an object, as the Messages API requires for tool input. */
export interface ObjectJsonSchema {
  type: "object";
  properties?: Record<string, unknown>;
  required?: string[];
  [keyword: string]: unknown;
}

/** A tool as sent to the API. */
export interface ToolDefinition {
  name: string;
  description: string;
  input_schema: ObjectJsonSchema;
}

/**
 * A system prompt block. `cache: true` declares it part of the stable prefix; whether it is
 * actually sent with `cache_control` depends on the prefix's length (`planPromptCache` in prompt-cache.ts).
 */
export interface SystemBlock {
  text: string;
  cache: boolean;
}

/** How the model may use tools; `tool` forces one named tool. */
export type ToolChoice = { type: "auto" } | { type: "any" } | { type: "tool"; name: string };

/** One model call. `route` comes from the router; callers never name a model id. */
export interface ModelRequest {
  task: ModelTask;
  route: RouteDecision;
  system: SystemBlock[];
  tools?: ToolDefinition[];
  tool_choice?: ToolChoice;
  messages: ChatMessage[];
  max_tokens: number;
  /** For the ledger and spans only; never sent to the provider. */
  metadata: { po_number?: string | null; interaction_id: string };
}

/** A provider's answer, with usage and cost already worked out. */
export interface ModelResponse {
  model: string;
  content: ContentBlock[];
  stop_reason: "end_turn" | "tool_use" | "max_tokens" | "stop_sequence" | (string & {});
  usage: TokenUsage;
  cost_usd: number;
  /** `billed`: from the usage the API reported; `modeled`: from our own token estimates. */
  cost_basis: "modeled" | "billed";
  latency_ms: number;
  /** HTTP attempts including retries (1 for the offline provider). */
  attempts: number;
}

/** Something that answers model requests: Claude over HTTP, or the offline stand-in. */
export interface ModelProvider {
  readonly name: "anthropic" | "offline";
  complete(request: ModelRequest): Promise<ModelResponse>;
}
