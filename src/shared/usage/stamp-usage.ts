import type { Span } from "../tracing";
import { meterOf } from "./metered-env";
import { carryOver, takeWithCarried, usageAttributes, type UsageScope } from "./usage";

/**
 * Stamps what a unit of work took (the meter of its metered `env`, with what earlier units of its
 * scope carried over) on its root span. Answers the step to run once the unit's spans are stored:
 * it carries what storing them took over to the next unit of the scope.
 */
export function stampUsage(span: Span, env: object, scope: UsageScope): () => void {
  const meter = meterOf(env);
  if (!meter) return () => undefined;
  span.set(usageAttributes(takeWithCarried(meter, scope), scope));
  return () => carryOver(meter, scope);
}
