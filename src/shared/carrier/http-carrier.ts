/**
 * A carrier tracking API over HTTP: `GET {baseUrl}/track/{tracking}` answering a
 * {@link TrackingStatus} as JSON, authenticated with a bearer API key.
 */
import {
  CarrierUnavailableError,
  parseRetryAfter,
  TrackingNotFoundError,
  TrackingStatus,
  type CarrierClient,
} from "./carrier-client";

/**
 * Longest wait for the carrier. A status query must answer within 5 s (DESIGN §1); 3 s leaves
 * room to fall back to the polling cache.
 */
export const CARRIER_TIMEOUT_MS = 3_000;

/** Settings of the HTTP carrier client. */
export interface HttpCarrierOptions {
  baseUrl: string;
  apiKey: string;
  /** The fetch to use; injectable so tests can answer without a network. */
  fetch?: (input: Request) => Promise<Response>;
  timeoutMs?: number;
  /** The clock an HTTP-date `Retry-After` is measured against. */
  now?: () => number;
}

/**
 * A {@link CarrierClient} for a generic JSON tracking endpoint.
 * - 200 with a readable body: the tracking; an unreadable body is the carrier failing.
 * - 404, 410 and 400 (a number it does not accept): {@link TrackingNotFoundError} — the API
 *   answered, so these must not count against the breaker.
 * - 429 and 503: {@link CarrierUnavailableError} carrying the `Retry-After` (seconds or an
 *   HTTP-date); other statuses, network errors and timeouts: the same error without one.
 */
export function createHttpCarrierClient(options: HttpCarrierOptions): CarrierClient {
  const base = options.baseUrl.replace(/\/+$/, "");
  // Calling the global fetch detached from its object fails in workerd; wrap it.
  const send = options.fetch ?? ((request: Request) => fetch(request));
  const timeoutMs = options.timeoutMs ?? CARRIER_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  return {
    async track(tracking) {
      const request = new Request(`${base}/track/${encodeURIComponent(tracking)}`, {
        method: "GET",
        headers: { accept: "application/json", authorization: `Bearer ${options.apiKey}` },
        signal: AbortSignal.timeout(timeoutMs),
      });
      let res: Response;
      try {
        res = await send(request);
      } catch (cause) {
        throw new CarrierUnavailableError(
          `carrier unreachable: ${cause instanceof Error ? cause.message : String(cause)}`,
          null,
          null,
          { cause },
        );
      }
      if (res.ok) return readTracking(res, tracking);
      // Unread bodies hold the connection open.
      await res.body?.cancel().catch(() => undefined);
      if (res.status === 404 || res.status === 410 || res.status === 400) throw new TrackingNotFoundError(tracking);
      const retryAfter =
        res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers.get("retry-after"), now()) : null;
      throw new CarrierUnavailableError(`carrier answered ${res.status}`, res.status, retryAfter);
    },
  };
}

async function readTracking(res: Response, tracking: string): Promise<TrackingStatus> {
  let body: unknown;
  try {
    body = await res.json();
  } catch (cause) {
    throw new CarrierUnavailableError("carrier answered a body that is not JSON", res.status, null, { cause });
  }
  const parsed = TrackingStatus.safeParse(body);
  if (!parsed.success)
    throw new CarrierUnavailableError(
      `carrier answered an unreadable tracking: ${parsed.error.issues[0]?.message ?? "invalid"}`,
      res.status,
    );
  // An answer about another parcel is as useless as no answer, and must not be cached under this number.
  if (parsed.data.tracking !== tracking)
    throw new CarrierUnavailableError(
      `carrier answered for ${parsed.data.tracking.slice(0, 64)}, not ${tracking}`,
      res.status,
    );
  return parsed.data;
}
