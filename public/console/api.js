// Every API call of the console goes through `api`: the bearer header, problem documents turned
// into readable errors, and a 401 anywhere signing the console out.
import { getToken } from "./auth.js";

/** An API answer that was not 2xx, with the problem document's text. */
export class ApiError extends Error {
  /** @param {number} status @param {string} message @param {unknown} problem */
  constructor(status, message, problem) {
    super(message);
    this.status = status;
    this.problem = problem;
  }
}

/** @type {(message: string) => void} */
let onUnauthorized = () => {};
/** @param {(message: string) => void} handler */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

/**
 * Calls the API with the session's token.
 * @param {string} path
 * @param {{ method?: string, json?: unknown }} [options]
 */
export async function api(path, options = {}) {
  const headers = { Authorization: `Bearer ${getToken() ?? ""}` };
  if (options.json !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(path, {
    method: options.method ?? "GET",
    headers,
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
  });
  const body = await res.json().catch(() => null);
  if (res.status === 401) {
    onUnauthorized("Your session ended (the token was refused); sign in again.");
    throw new ApiError(401, "unauthorized", body);
  }
  if (!res.ok) throw new ApiError(res.status, problemText(res.status, body), body);
  return body;
}

/** The readable text of an RFC 9457 problem document, field errors included. @param {number} status @param {any} p */
export function problemText(status, p) {
  if (!p || typeof p !== "object") return `HTTP ${status}`;
  const head = [p.title, p.detail].filter(Boolean).join(": ") || `HTTP ${status}`;
  const fields = Array.isArray(p.errors)
    ? p.errors.map((e) => (typeof e === "string" ? e : [e.path ?? e.field, e.message].filter(Boolean).join(" ")))
    : [];
  return fields.length && !p.detail ? `${head} (${fields.join("; ")})` : head;
}

/** The path of an order, with the customer when given. @param {string} po @param {string | null} [customerId] @param {string} [tail] */
export function orderPath(po, customerId, tail = "") {
  const q = customerId ? `?customer_id=${encodeURIComponent(customerId)}` : "";
  return `/v1/orders/${encodeURIComponent(po)}${tail}${q}`;
}
