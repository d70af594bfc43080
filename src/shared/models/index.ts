/** The model layer (DESIGN §7): callers use the gateway with task names, never model ids. */
export { createAnthropicProvider, retryAfterMs, type AnthropicProviderOptions } from "./anthropic.provider";
export { addUsage, costOf, roundUsd, ZERO_USAGE, type TokenUsage } from "./cost";
export {
  countsAgainstBreaker,
  MODEL_UNAVAILABLE_REASONS,
  ModelCallError,
  ModelUnavailableError,
  StructuredOutputError,
  unavailableReason,
  type ModelUnavailableReason,
} from "./errors";
export {
  createModelGateway,
  ledgerEntry,
  selectProvider,
  type CostLedgerEntry,
  type GenAiSpan,
  type ModelBreaker,
  type ModelGateway,
  type ModelGatewayOptions,
  type RequestBuilder,
  type RunOptions,
} from "./gateway";
export {
  createInMemoryPrefixCache,
  createOfflineProvider,
  defaultOfflineAnswerer,
  PROMPT_CACHE_TTL_MS,
  type OfflineAnswerer,
  type OfflineProviderOptions,
  type PrefixCache,
} from "./offline.provider";
export { buildStablePrefix, planPromptCache } from "./prompt-cache";
export type {
  ChatMessage,
  ContentBlock,
  ModelProvider,
  ModelRequest,
  ModelResponse,
  ObjectJsonSchema,
  SystemBlock,
  TextContent,
  ToolChoice,
  ToolDefinition,
  ToolResultContent,
  ToolUseContent,
} from "./provider";
export { MODEL_SPECS, ModelTask, ModelTier, routeTask, type ModelSpec, type RouteDecision } from "./router";
export { completeStructured, RESPOND_TOOL, respondTool, type StructuredResult } from "./structured";
export { countMessageTokens, countRequestTokens, countToolTokens, estimateTokens } from "./tokens";
export {
  defineTool,
  objectJsonSchema,
  runToolLoop,
  toolset,
  ToolInputError,
  type DefinedTool,
  type ToolCallRecord,
  type ToolHandler,
  type ToolLoopOptions,
  type ToolLoopResult,
} from "./tool-loop";
