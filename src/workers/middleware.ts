import { createMiddleware } from "hono/factory";
import { requestedSubprotocols } from "../shared/websocket-protocol";
import { ZodError } from "zod";
import { principalCache } from "../shared/db/principal-cache";
import type { Principal } from "../shared/db/principals-repository";
import { bufferSpans } from "../shared/span-sink";
import { parseTraceparent, Tracer } from "../shared/tracing";
import { stampUsage } from "../shared/usage/stamp-usage";
import { requestScope } from "../shared/usage/usage";
import type { AppContext, AppEnv } from "./context";
import { AppError, forbidden, invalidFields, problemResponse, unauthorized } from "./errors";
import { PROBLEMS } from "./problems";

/**
 * Opens the request's server span (continuing a caller's `traceparent`), stamps `x-trace-id`
 * on every answer, and stores the request's spans after it is answered, when the caller was
 * identified (a principal's token or a verified webhook signature). Anonymous requests (health
 * checks, 401s, bad signatures, unknown paths) store nothing, so they cannot grow D1 at all.
 */
export const traceRequests = createMiddleware<AppEnv>(async (c, next) => {
  const tracer = new Tracer();
  const pathname = c.req.path;
  const span = tracer.start(`${c.req.method} ${pathname}`, "server", parseTraceparent(c.req.header("traceparent")), {
    "http.request.method": c.req.method,
    "url.path": pathname,
  });
  c.set("tracer", tracer);
  c.set("span", span);
  await next();
  span.set({ "http.response.status_code": c.res.status });
  const identified = span.attributes["enduser.id"] !== undefined || span.attributes["webhook.source"] !== undefined;
  const scope = requestScope(c.req.method, pathname);
  const stored = identified ? stampUsage(span, c.env, scope) : null;
  span.end(c.res.status >= 500 ? "error" : "ok");
  if (c.res.status !== 101) c.res.headers.set("x-trace-id", span.context.traceId);
  const spans = tracer.drain();
  if (!stored) return;
  c.executionCtx.waitUntil(bufferSpans(c.env, spans, scope).then(stored));
});

/** Where a WebSocket client, which cannot set headers in a browser, may put its token instead of `Authorization`. */
interface TokenSources {
  /** `?token=` or a `bearer.<token>` subprotocol (the order stream, DESIGN §4). */
  allowQueryToken?: boolean;
  /** The subprotocol list `["bearer", TOKEN]` (the operations stream, DESIGN §12); never the URL. */
  allowBearerSubprotocol?: boolean;
}

/** The bearer token of a request: the Authorization header, else what `sources` allow. */
export function bearerToken(c: AppContext, sources: TokenSources = {}): string | null {
  const header = c.req.header("authorization");
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    return m ? m[1]! : null;
  }
  const protocols = requestedSubprotocols(c.req.header("sec-websocket-protocol"));
  if (sources.allowBearerSubprotocol) {
    const at = protocols.indexOf("bearer");
    return at >= 0 ? protocols[at + 1] || null : null;
  }
  if (!sources.allowQueryToken) return null;
  const query = c.req.query("token");
  if (query) return query;
  const bearer = protocols.find((p) => p.startsWith("bearer."));
  return bearer ? bearer.slice("bearer.".length) : null;
}

/**
 * Resolves the caller's principal (cached a few seconds per isolate, `PrincipalCache`), or answers
 * 401; `kinds` limits who may call (403 otherwise).
 */
export function authenticate(kinds: readonly Principal["kind"][], sources: TokenSources = {}) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = bearerToken(c, sources);
    if (!token) throw unauthorized("a bearer token is required (Authorization: Bearer <token>)");
    const principal = await principalCache.find(c.env.DB, token);
    if (!principal) throw unauthorized("the bearer token is not recognised");
    if (!kinds.includes(principal.kind)) throw forbidden(`this operation is not open to ${principal.kind} principals`);
    c.set("principal", principal);
    c.get("span").set({ "enduser.id": principal.id });
    await next();
  });
}

/** Every error becomes a problem document; unknown ones are logged and hidden behind a 500. */
export function handleError(err: Error, c: AppContext): Response {
  if (err instanceof AppError) {
    return problemResponse(err.toProblem(), err.extensions.headers ?? {});
  }
  if (err instanceof ZodError) {
    return problemResponse(invalidFields(PROBLEMS.invalidRequest, "the request", err).toProblem());
  }
  c.get("span")?.set({ "error.message": err.message });
  console.error(
    JSON.stringify({
      msg: "unhandled error",
      error: err.message,
      stack: err.stack,
      trace_id: c.get("span")?.context.traceId,
    }),
  );
  return problemResponse(
    new AppError(PROBLEMS.internal, "an unexpected error occurred; the trace id identifies it").toProblem(),
  );
}
