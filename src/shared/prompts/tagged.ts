import type { ChatMessage } from "../models/provider";

/**
 * Prompts carry their facts in tagged JSON sections (`<order_context>{…}</order_context>`).
 * The model reads them as data; the offline provider parses the same sections to answer
 * deterministically, so both providers see exactly the same request.
 */
export function tagged(tag: string, value: unknown): string {
  return `<${tag}>\n${typeof value === "string" ? value : JSON.stringify(value)}\n</${tag}>`;
}

/** The text of the last user turn. */
export function lastUserText(messages: readonly ChatMessage[]): string {
  const last = [...messages].reverse().find((m) => m.role === "user");
  if (!last) return "";
  return typeof last.content === "string"
    ? last.content
    : last.content.map((b) => ("text" in b ? b.text : "")).join("\n");
}

/** Reads a tagged section back: parsed JSON, or the raw text when it is not JSON; null when absent. */
export function readTagged(text: string, tag: string): unknown {
  const m = new RegExp(`<${tag}>\\n([\\s\\S]*?)\\n</${tag}>`).exec(text);
  if (!m) return null;
  try {
    return JSON.parse(m[1]!);
  } catch {
    return m[1]!;
  }
}
