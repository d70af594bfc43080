/**
 * Expectations of DESIGN §11: a path into the final order view or a step's answer, and a
 * literal or one matcher. Kept free of I/O so the scoring rules can be read in one place.
 */
import { MATCHERS, type MatcherName } from "./suite-schema";

/** What a case's expectations can look into. */
export interface ExpectationScope {
  /** The view of the case's first PO, or undefined when that PO has no order. */
  order: unknown;
  /** Views by PO number, as the suite names them (before any run namespace). */
  orders: ReadonlyMap<string, unknown>;
  steps: readonly { status: number; body: unknown }[];
}

/** The outcome of one expectation. */
export interface ExpectationResult {
  path: string;
  expected: unknown;
  actual: unknown;
  ok: boolean;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Deep equality on JSON values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** An array element "contains" a value when equal to it, or, for objects, when it has every field the value names. */
function elementMatches(element: unknown, wanted: unknown): boolean {
  if (deepEqual(element, wanted)) return true;
  return (
    isPlainObject(wanted) &&
    isPlainObject(element) &&
    Object.entries(wanted).every(([k, v]) => deepEqual(element[k], v))
  );
}

/** Splits `a.b[0].c` into keys and indexes. */
export function pathTokens(path: string): (string | number)[] {
  const tokens: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) tokens.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return tokens;
}

function walk(root: unknown, tokens: readonly (string | number)[]): unknown {
  let cur = root;
  for (const t of tokens) {
    if (typeof t === "number") cur = Array.isArray(cur) ? cur[t] : undefined;
    else cur = isPlainObject(cur) ? cur[t] : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** The value at an expectation path, or undefined where the path leads nowhere. */
export function resolvePath(scope: ExpectationScope, path: string): unknown {
  if (path.startsWith("order.")) return walk(scope.order, pathTokens(path.slice("order.".length)));
  if (path.startsWith("orders.")) {
    const rest = path.slice("orders.".length);
    const dot = rest.indexOf(".");
    return walk(scope.orders.get(rest.slice(0, dot)), pathTokens(rest.slice(dot + 1)));
  }
  const m = /^steps\[(\d+)\]\.(status|body)(.*)$/.exec(path);
  if (!m) return undefined;
  const step = scope.steps[Number(m[1])];
  if (!step) return undefined;
  if (m[2] === "status") return step.status;
  return walk(step.body, pathTokens(m[3] ?? ""));
}

/** The PO numbers an expectation set names with `orders.<po>.`. */
export function referencedOrders(paths: readonly string[]): string[] {
  return [
    ...new Set(paths.filter((p) => p.startsWith("orders.")).map((p) => p.slice("orders.".length).split(".")[0]!)),
  ];
}

function matcherOf(expected: unknown): [MatcherName, unknown] | null {
  if (!isPlainObject(expected)) return null;
  const keys = Object.keys(expected);
  return keys.length === 1 && (MATCHERS as readonly string[]).includes(keys[0]!)
    ? [keys[0] as MatcherName, expected[keys[0]!]]
    : null;
}

function ordered(actual: unknown, bound: unknown): [number, number] | [string, string] | null {
  if (typeof actual === "number" && typeof bound === "number") return [actual, bound];
  if (typeof actual === "string" && typeof bound === "string") return [actual, bound];
  return null;
}

/**
 * Whether `actual` satisfies `expected`: a literal by deep equality, or a matcher. `$contains`
 * on a list holds when an element equals the value (objects: has its fields); on a string, when
 * the string includes it. `$notContains` is its negation and fails on a missing value. `$approx`
 * is within 0.01. `$gte`/`$lte` compare numbers, or ISO dates as strings. `$in` is equality with
 * one of a list. `$absent: true` holds when the path leads nowhere; `$absent: false` when it does.
 */
export function satisfies(actual: unknown, expected: unknown): boolean {
  const matcher = matcherOf(expected);
  if (!matcher) return deepEqual(actual, expected);
  const [name, arg] = matcher;
  switch (name) {
    case "$contains":
      if (Array.isArray(actual)) return actual.some((el) => elementMatches(el, arg));
      return typeof actual === "string" && typeof arg === "string" && actual.includes(arg);
    case "$notContains":
      if (Array.isArray(actual)) return !actual.some((el) => elementMatches(el, arg));
      return typeof actual === "string" && typeof arg === "string" && !actual.includes(arg);
    case "$approx":
      return typeof actual === "number" && typeof arg === "number" && Math.abs(actual - arg) <= 0.01 + 1e-9;
    case "$gte": {
      const pair = ordered(actual, arg);
      return pair !== null && pair[0] >= pair[1];
    }
    case "$lte": {
      const pair = ordered(actual, arg);
      return pair !== null && pair[0] <= pair[1];
    }
    case "$in":
      return Array.isArray(arg) && arg.some((v) => deepEqual(actual, v));
    case "$absent":
      return arg === true ? actual === undefined : actual !== undefined;
  }
}

/** Evaluates every expectation of a case against its scope. */
export function evaluateExpectations(
  expect: Readonly<Record<string, unknown>>,
  scope: ExpectationScope,
): ExpectationResult[] {
  return Object.entries(expect).map(([path, expected]) => {
    const actual = resolvePath(scope, path);
    return { path, expected, actual, ok: satisfies(actual, expected) };
  });
}

/** pass: every expectation holds; partial: at least half do; fail: fewer (DESIGN §11). */
export type Outcome = "pass" | "partial" | "fail";

export function outcomeOf(results: readonly ExpectationResult[]): Outcome {
  const held = results.filter((r) => r.ok).length;
  if (held === results.length) return "pass";
  return held * 2 >= results.length ? "partial" : "fail";
}
