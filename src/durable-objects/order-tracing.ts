import { bufferSpans } from "../shared/span-sink";
import { parseTraceparent, type Span, type Tracer } from "../shared/tracing";
import { stampUsage } from "../shared/usage/stamp-usage";

/**
 * Runs one of the OrderObject's RPCs inside its own span, a child of the caller's `traceparent`,
 * and stores (and exports) the spans afterwards, whatever happened: a failed span write is
 * logged and never fails the RPC. The span carries what the object counted since the last one
 * (`stampUsage`: the object's metered storage and bindings, its alarms), so an order's work is on its spans.
 */
export async function traced<T>(
  host: { ctx: DurableObjectState; env: Env; tracer: Tracer },
  name: string,
  traceparent: string | null,
  po: string,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const { tracer } = host;
  const span = tracer.start(name, "internal", parseTraceparent(traceparent), { "order.po_number": po }, po);
  try {
    return await tracer.within(span, work);
  } finally {
    const stored = stampUsage(span, host.env, "order");
    const spans = tracer.drain();
    host.ctx.waitUntil(bufferSpans(host.env, spans, "order").then(stored));
  }
}
