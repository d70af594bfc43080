import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";

/** A request the fake Messages API received, as the real SDK sent it. */
export interface RecordedRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** A scripted answer: an HTTP status with headers and a JSON body. */
export interface ScriptedReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Characters / 4: the fake's own token count, only to report plausible usage. */
const tokens = (text: string) => Math.ceil(text.length / 4);

/**
 * A Messages-API-compatible test server, run by the vitest config in Node. It records every
 * request, answers scripted replies first, and otherwise answers like the API: a text block
 * (or a `respond` tool call when the tool is forced) with usage in which a prefix marked with
 * `cache_control` is written the first time and read afterwards.
 */
export function startFakeMessagesServer(): Promise<{ server: Server; url: string }> {
  const requests: RecordedRequest[] = [];
  const script: ScriptedReply[] = [];
  const cached = new Set<string>();
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.url === "/__requests") return send(200, requests);
    if (req.url === "/__reset") {
      requests.length = 0;
      script.length = 0;
      cached.clear();
      return send(200, { ok: true });
    }
    if (req.url === "/__script") {
      script.push(...(JSON.parse(raw) as ScriptedReply[]));
      return send(200, { queued: script.length });
    }
    if (req.method !== "POST" || !req.url?.startsWith("/v1/messages"))
      return send(404, { type: "error", error: { type: "not_found_error", message: req.url } });
    const body = JSON.parse(raw) as Record<string, unknown>;
    requests.push({ path: req.url, headers: req.headers, body });
    const next = script.shift();
    if (next)
      return send(
        next.status,
        next.body ?? { type: "error", error: { type: "api_error", message: "scripted" } },
        next.headers,
      );

    const system = (body.system as { text: string; cache_control?: unknown }[] | undefined) ?? [];
    const tools = (body.tools as { name: string; cache_control?: unknown }[] | undefined) ?? [];
    const lastMarked = system.findLastIndex((b) => b.cache_control);
    const prefixText =
      JSON.stringify(tools) +
      system
        .slice(0, lastMarked + 1)
        .map((b) => b.text)
        .join("");
    const prefixTokens = lastMarked >= 0 ? tokens(prefixText) : 0;
    const key = createHash("sha256")
      .update(`${String(body.model)}${prefixText}`)
      .digest("hex");
    const read = prefixTokens > 0 && cached.has(key);
    if (prefixTokens > 0) cached.add(key);
    const restTokens =
      tokens(JSON.stringify(body.messages)) +
      (lastMarked >= 0
        ? tokens(
            system
              .slice(lastMarked + 1)
              .map((b) => b.text)
              .join(""),
          )
        : tokens(prefixText));
    const forced = (body.tool_choice as { type?: string; name?: string } | undefined)?.type === "tool";
    const content = forced
      ? [
          {
            type: "tool_use",
            id: "toolu_fake_1",
            name: (body.tool_choice as { name: string }).name,
            input: { value: { kind: "unreadable", reason: "fake server" } },
          },
        ]
      : [{ type: "text", text: "Fake Claude: your order is on its way." }];
    return send(200, {
      id: `msg_fake_${requests.length}`,
      type: "message",
      role: "assistant",
      model: body.model,
      content,
      stop_reason: forced ? "tool_use" : "end_turn",
      stop_sequence: null,
      usage: {
        input_tokens: restTokens,
        output_tokens: 42,
        cache_creation_input_tokens: read ? 0 : prefixTokens,
        cache_read_input_tokens: read ? prefixTokens : 0,
      },
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.unref();
      resolve({ server, url: `http://127.0.0.1:${port}` });
    });
  });
}
