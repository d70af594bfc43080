/**
 * A copy of `value` in which every string (object keys included) is well-formed UTF-16: each
 * lone surrogate becomes U+FFFD. Text cut mid-pair (a truncated note, an emoji split by
 * `slice`) is a valid JavaScript string, and `JSON.stringify` escapes the lone half as
 * `\udXXX`, but the Messages API refuses such a body with a 400 ("The request body is not
 * valid JSON: no low surrogate in string"), which would fail the call on every retry.
 */
export function wellFormed<T>(value: T): T {
  return repair(value) as T;
}

function repair(value: unknown): unknown {
  if (typeof value === "string") return value.toWellFormed();
  if (Array.isArray(value)) return value.map(repair);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key.toWellFormed(), repair(v)]));
  }
  return value;
}
