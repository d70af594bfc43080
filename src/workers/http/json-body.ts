import { AppError } from "../errors";
import { PROBLEMS } from "../problems";

/** Largest request body accepted (DESIGN §4: 413 above 1 MiB). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Deeper JSON than this is refused before any schema sees it. */
export const MAX_JSON_DEPTH = 32;

const tooLarge = (max: number) =>
  new AppError(PROBLEMS.bodyTooLarge, `the request body exceeds ${max} bytes (${max / (1024 * 1024)} MiB)`);

/**
 * Reads at most `max` bytes of a body (1 MiB unless a route has its own cap, as admin imports do),
 * counting bytes as they stream so a lying Content-Length cannot get past.
 */
export async function readBodyBytes(request: Request, max = MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > max) throw tooLarge(max);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  return bytes;
}

/** Decodes UTF-8 strictly: malformed bytes are a client error, never silently replaced. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new AppError(PROBLEMS.invalidEncoding, "the request body is not valid UTF-8");
  }
}

function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    max = Math.max(max, d);
    if (max > MAX_JSON_DEPTH) return max;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

/** Parses JSON text from a client: bad syntax and nesting past {@link MAX_JSON_DEPTH} are each their own 400. */
export function parseJsonText(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new AppError(
      PROBLEMS.malformedJson,
      `the request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (depthOf(value) > MAX_JSON_DEPTH)
    throw new AppError(PROBLEMS.jsonTooDeep, `JSON nesting deeper than ${MAX_JSON_DEPTH} levels`);
  return value;
}

/** Parses a JSON request body: content type, size, encoding, syntax and depth, each with its own problem. */
async function readJsonBody(request: Request): Promise<{ value: unknown; bytes: Uint8Array }> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json" && !type.endsWith("+json")) {
    throw new AppError(
      PROBLEMS.unsupportedContentType,
      `expected Content-Type application/json, got ${type || "none"}`,
    );
  }
  const bytes = await readBodyBytes(request);
  return { value: parseJsonText(decodeUtf8(bytes)), bytes };
}

/** Reads a JSON body that must be one object, as every JSON endpoint here takes. */
export async function readJsonObject(request: Request): Promise<{ value: Record<string, unknown>; bytes: Uint8Array }> {
  const { value, bytes } = await readJsonBody(request);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const got = Array.isArray(value)
      ? "an array"
      : value === null
        ? "null"
        : typeof value === "number" && !Number.isFinite(value)
          ? "a number too large to represent"
          : `a ${typeof value}`;
    throw new AppError(PROBLEMS.jsonObjectRequired, `the request body must be a JSON object, got ${got}`);
  }
  return { value: value as Record<string, unknown>, bytes };
}
