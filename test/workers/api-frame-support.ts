import { expect } from "vitest";
import type { OrderView } from "../../src/shared/order-view";
import { api, TOKENS } from "../helpers";

/** The problem document of DESIGN §4 as the tests read it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

/** One entry of `GET /v1/orders/:po/events`. */
export interface PublicEvent {
  seq: number;
  at: string;
  type: string;
  actor: string;
  data: unknown;
  trace_id: string | null;
}

export const PROBLEM_BASE = "https://errors.edge-orders.dev/";
export const TRACE_ID = /^[0-9a-f]{32}$/;

/** Asserts the response carries a 32-hex `x-trace-id` and returns it. */
export function expectTraceId(res: Response): string {
  const traceId = res.headers.get("x-trace-id");
  expect(traceId).toMatch(TRACE_ID);
  return traceId ?? "";
}

/**
 * Asserts `res` is an RFC 9457 problem document with the given status, type slug and title,
 * a non-empty detail and an `x-trace-id`; returns the document.
 */
export async function expectProblem(res: Response, status: number, slug: string, title: string): Promise<Problem> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expectTraceId(res);
  const problem = (await res.json()) as Problem;
  expect(problem.type).toBe(`${PROBLEM_BASE}${slug}`);
  expect(problem.title).toBe(title);
  expect(problem.status).toBe(status);
  expect(typeof problem.detail).toBe("string");
  expect(problem.detail.length).toBeGreaterThan(0);
  return problem;
}

/** The fields a problem's `errors` name, in order. */
export function errorFields(problem: Problem): string[] {
  return (problem.errors ?? []).map((e) => e.field);
}

/** Asserts no order exists under `po` (ops sees everything, so a 404 means nothing was recorded). */
export async function expectNotRecorded(po: string): Promise<void> {
  const res = await api(`/v1/orders/${po}`, { token: TOKENS.ops });
  await expectProblem(res, 404, "not-found", "Not Found");
}

/** Reads an order view as ops, asserting it exists. */
export async function viewAsOps(po: string): Promise<OrderView> {
  const res = await api(`/v1/orders/${po}`, { token: TOKENS.ops });
  expect(res.status).toBe(200);
  expectTraceId(res);
  return (await res.json()) as OrderView;
}

/** Reads an order's event log with `token`, asserting a 200. */
export async function eventsOf(po: string, token: string = TOKENS.ops): Promise<PublicEvent[]> {
  const res = await api(`/v1/orders/${po}/events`, { token });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expectTraceId(res);
  const body = (await res.json()) as { events: PublicEvent[] };
  expect(Array.isArray(body.events)).toBe(true);
  return body.events;
}
