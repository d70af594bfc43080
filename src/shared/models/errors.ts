/** Errors of the model layer. Callers catch {@link ModelUnavailableError} to fall back to code. */

/** A provider call that failed; `retryable` failures (429, 529, 5xx, network) are tried again. */
export class ModelCallError extends Error {
  override readonly name: string = "ModelCallError";
  constructor(
    message: string,
    readonly details: {
      /** HTTP status, or undefined for a network failure or timeout. */
      status: number | undefined;
      retryable: boolean;
      attempts: number;
      /** What the server asked us to wait, when it said. */
      retry_after_ms: number | null;
      cause?: unknown;
    },
  ) {
    super(message, { cause: details.cause });
  }

  get status(): number | undefined {
    return this.details.status;
  }

  get retryable(): boolean {
    return this.details.retryable;
  }
}

/**
 * Why the model layer gave no usable answer: the breaker is open; the provider kept failing
 * with overload, server or network errors (`provider_failed`); it refused our credentials
 * (401/403, `provider_refused`); it refused the request itself (any other 4xx, or a failure
 * that is no HTTP answer at all, `request_rejected`); or its answer failed the schema twice
 * (`invalid_answer`).
 */
export const MODEL_UNAVAILABLE_REASONS = [
  "breaker_open",
  "provider_failed",
  "provider_refused",
  "request_rejected",
  "invalid_answer",
] as const;
export type ModelUnavailableReason = (typeof MODEL_UNAVAILABLE_REASONS)[number];

/**
 * No model answer is to be had for this call, whatever the cause: the gateway turns every
 * failure of a model call into this one error, so a caller catches it alone and falls back
 * to the playbook's deterministic decision, saying so. Nothing a provider answers may wedge
 * an order.
 */
export class ModelUnavailableError extends Error {
  override readonly name: string = "ModelUnavailableError";
  /** The provider's HTTP status, when it answered with one. */
  readonly status: number | null;
  constructor(
    message: string,
    readonly reason: ModelUnavailableReason,
    /** When to try the model again; 0 when unknown. */
    readonly retry_after_ms: number,
    options?: { cause?: unknown; status?: number | undefined },
  ) {
    super(message, options);
    this.status = options?.status ?? null;
  }

  /** The reason with the HTTP status, for logs and the order's `model.fallback` event. */
  get summary(): string {
    return this.status === null ? this.reason : `${this.reason} (HTTP ${this.status})`;
  }
}

/** The model's answer did not validate against the schema, even after one repair attempt. */
export class StructuredOutputError extends Error {
  override readonly name: string = "StructuredOutputError";
  constructor(
    message: string,
    /** The validation problems of the last attempt, one line each. */
    readonly problems: string[],
    readonly attempts: number,
  ) {
    super(message);
  }
}

/**
 * Whether a failed call counts against the model provider's breaker: overload, server and
 * network failures, and 401/403. A refused key fails every call alike, so the breaker should
 * open and spare the provider (and the order's latency) the rest; any other 4xx is a bad
 * request of ours and says nothing about the provider's health.
 */
export function countsAgainstBreaker(error: unknown): boolean {
  return error instanceof ModelCallError && (error.retryable || error.status === 401 || error.status === 403);
}

/** The fallback reason for a provider's failure (see {@link MODEL_UNAVAILABLE_REASONS}). */
export function unavailableReason(error: unknown): ModelUnavailableReason {
  if (!(error instanceof ModelCallError)) return "request_rejected";
  if (error.retryable) return "provider_failed";
  return error.status === 401 || error.status === 403 ? "provider_refused" : "request_rejected";
}
