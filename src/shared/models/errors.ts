/** Errors of the model layer. Callers catch {@link ModelUnavailableError} to fall back to code. */

/** A provider call that failed. `retryable` failures (429, 529, 5xx, network) count against the breaker. */
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
 * No model answer is to be had right now: the breaker is open, or the provider kept failing
 * with overload or server errors. The caller falls back to the playbook's deterministic
 * decision and says so.
 */
export class ModelUnavailableError extends Error {
  override readonly name: string = "ModelUnavailableError";
  constructor(
    message: string,
    readonly reason: "breaker_open" | "provider_failed",
    /** When to try the model again; 0 when unknown. */
    readonly retry_after_ms: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
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

/** Whether an error means the provider is unhealthy (as opposed to a bad request of ours). */
export function isProviderFailure(error: unknown): boolean {
  return error instanceof ModelCallError && error.retryable;
}
