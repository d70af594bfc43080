/**
 * Deterministic token estimates. The offline provider costs calls from them and the cache
 * planner compares them with the models' minimum cacheable prefix, so they must be stable
 * and in the right range, not exact: Claude's tokenizer is not available in a Worker.
 */
import type { ChatMessage, ModelRequest, ToolDefinition } from "./provider";

// ASCII words, other-script words, digit runs, and runs of symbols; whitespace is free because
// BPE tokenizers fold a leading space into the next token.
const PIECES = /[A-Za-z]+|\p{L}+|\p{N}+|[^\s\p{L}\p{N}]+/gu;

/**
 * Estimates tokens: an ASCII word costs ceil(length / 4) with a floor of 1 (so "a", "the" and
 * "bolt" are 1 token, "order" and "purchase" 2); a word in another script ceil(length / 2), since those
 * tokenize densely; a digit run ceil(length / 3); a run of punctuation ceil(length / 2), so
 * JSON's `":"` and `},{` count. English prose comes out near 3.5-4 characters a token, about
 * what Claude's tokenizer gives.
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  for (const [piece] of text.matchAll(PIECES)) {
    const ch = piece.charCodeAt(0);
    const asciiLetter = (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122);
    if (asciiLetter) tokens += Math.ceil(piece.length / 4);
    else if (/^\p{N}/u.test(piece)) tokens += Math.ceil(piece.length / 3);
    else tokens += Math.ceil(piece.length / 2);
  }
  return tokens;
}

/** Tokens of one tool definition, counted on the JSON that is sent. */
export function countToolTokens(tool: ToolDefinition): number {
  return estimateTokens(
    JSON.stringify({ name: tool.name, description: tool.description, input_schema: tool.input_schema }),
  );
}

/** Tokens of one message: text, tool calls (name and input JSON) and tool results. */
export function countMessageTokens(message: ChatMessage): number {
  if (typeof message.content === "string") return estimateTokens(message.content);
  let tokens = 0;
  for (const block of message.content) {
    if (block.type === "text") tokens += estimateTokens(block.text);
    else if (block.type === "tool_use")
      tokens += estimateTokens(block.name) + estimateTokens(JSON.stringify(block.input ?? {}));
    else tokens += estimateTokens(block.content);
  }
  return tokens;
}

/**
 * Tokens of everything a request sends: system blocks, tool definitions and messages. Role
 * markers and the API's own tool-use preamble are not counted; they are not ours to see.
 */
export function countRequestTokens(request: Pick<ModelRequest, "system" | "tools" | "messages">): number {
  let tokens = 0;
  for (const block of request.system) tokens += estimateTokens(block.text);
  for (const tool of request.tools ?? []) tokens += countToolTokens(tool);
  for (const message of request.messages) tokens += countMessageTokens(message);
  return tokens;
}
