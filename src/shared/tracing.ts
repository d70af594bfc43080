/** W3C trace context and spans (DESIGN §9). Spans are plain records; the Worker stores them in D1. */

import { toHex } from "./hashing";

export interface TraceContext {
  traceId: string;
  spanId: string;
}

export type SpanAttributes = Record<string, string | number | boolean>;

/** A finished span, as stored in D1 and returned by `GET /v1/traces/:id`. */
export interface SpanRecord {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  kind: "server" | "consumer" | "internal" | "client";
  start_ms: number;
  end_ms: number;
  status: "ok" | "error";
  po_number: string | null;
  attributes: SpanAttributes;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

// Ids are drawn from a pool of random bytes refilled a few KB at a time: one `getRandomValues` per
// hundreds of spans instead of one per span (every request, queue message and object call makes several).
const pool = new Uint8Array(4096);
let drawn = pool.length;

function randomHex(bytes: number): string {
  if (drawn + bytes > pool.length) {
    crypto.getRandomValues(pool);
    drawn = 0;
  }
  const hex = toHex(pool, drawn, drawn + bytes);
  drawn += bytes;
  return hex;
}

export const newTraceId = () => randomHex(16);
export const newSpanId = () => randomHex(8);

/** Parses a `traceparent` header; all-zero ids are invalid by the W3C spec. */
export function parseTraceparent(header: string | null | undefined): TraceContext | null {
  const m = header ? TRACEPARENT.exec(header.trim().toLowerCase()) : null;
  if (!m || /^0+$/.test(m[1]!) || /^0+$/.test(m[2]!)) return null;
  return { traceId: m[1]!, spanId: m[2]! };
}

export function formatTraceparent(ctx: TraceContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-01`;
}

/** A span in progress. */
export class Span {
  readonly context: TraceContext;
  private readonly start = Date.now();
  private ended = false;
  readonly attributes: SpanAttributes;

  constructor(
    private readonly sink: SpanRecord[],
    readonly name: string,
    readonly kind: SpanRecord["kind"],
    readonly parent: TraceContext | null,
    attributes: SpanAttributes = {},
    public poNumber: string | null = null,
  ) {
    this.context = { traceId: parent?.traceId ?? newTraceId(), spanId: newSpanId() };
    this.attributes = { ...attributes };
  }

  get traceparent(): string {
    return formatTraceparent(this.context);
  }

  set(attributes: SpanAttributes): this {
    Object.assign(this.attributes, attributes);
    return this;
  }

  end(status: "ok" | "error" = "ok"): void {
    if (this.ended) return;
    this.ended = true;
    this.sink.push({
      trace_id: this.context.traceId,
      span_id: this.context.spanId,
      parent_span_id: this.parent?.spanId ?? null,
      name: this.name,
      kind: this.kind,
      start_ms: this.start,
      end_ms: Math.max(Date.now(), this.start),
      status,
      po_number: this.poNumber,
      attributes: this.attributes,
    });
  }
}

/** Collects the spans of one unit of work (a request, a queue batch, an object call). */
export class Tracer {
  readonly finished: SpanRecord[] = [];

  start(
    name: string,
    kind: SpanRecord["kind"],
    parent: TraceContext | null,
    attributes?: SpanAttributes,
    poNumber?: string | null,
  ): Span {
    return new Span(this.finished, name, kind, parent, attributes, poNumber ?? null);
  }

  /** Runs `work` inside a span that ends with `error` status when it throws. */
  async within<T>(span: Span, work: (span: Span) => Promise<T>): Promise<T> {
    try {
      const result = await work(span);
      span.end("ok");
      return result;
    } catch (err) {
      span.set({ "error.message": err instanceof Error ? err.message : String(err) }).end("error");
      throw err;
    }
  }

  /** Records a span measured elsewhere (a model call) as a child of `parent`. */
  record(parent: TraceContext, span: Omit<SpanRecord, "trace_id" | "span_id" | "parent_span_id">): void {
    this.finished.push({ ...span, trace_id: parent.traceId, span_id: newSpanId(), parent_span_id: parent.spanId });
  }

  /** Takes the finished spans, leaving the tracer empty. */
  drain(): SpanRecord[] {
    return this.finished.splice(0, this.finished.length);
  }
}
