import { Hono } from "hono";
import { CarrierUnavailableError, TRACKING_NUMBER, TrackingNotFoundError } from "../../shared/carrier/carrier-client";
import { TRACKING_FRESH_MS, trackingOwner } from "../../shared/carrier/tracking-cache";
import { trackShipment } from "../carrier/tracking-service";
import type { AppEnv } from "../context";
import { AppError, notFound } from "../errors";
import { PROBLEMS } from "../problems";
import { throttle } from "../http/throttle";
import { authenticate } from "../middleware";

/**
 * `GET /v1/tracking/:tracking` (DESIGN §10): a shipment's carrier tracking, from the carrier
 * through its breaker or else from the polling cache. Operations may ask about any number; a
 * customer only about the tracking of one of its own orders — any other number answers 404,
 * the same as one that does not exist, so tracking numbers cannot be probed. Customers'
 * lookups are throttled per principal and answered from a fresh cache for a minute.
 */
export const trackingRoutes = new Hono<AppEnv>().get(
  "/:tracking",
  authenticate(["customer", "ops"]),
  throttle("tracking"),
  async (c) => {
    const tracking = c.req.param("tracking");
    const missing = notFound(`no shipment ${tracking.slice(0, 40)} for this principal`);
    if (!TRACKING_NUMBER.test(tracking)) throw missing;
    const principal = c.get("principal");
    if (
      principal.kind !== "ops" &&
      (principal.customerId === null || (await trackingOwner(c.env.DB, tracking)) !== principal.customerId)
    )
      throw missing;
    const span = c.get("span");
    try {
      // Customers' lookups share one carrier answer per number for a while; operations get it live.
      const answer = await trackShipment(
        c.env,
        tracking,
        principal.kind === "ops" ? {} : { freshForMs: TRACKING_FRESH_MS },
      );
      span.set({ "tracking.source": answer.source, "carrier.breaker.state": answer.breaker });
      return c.json(answer);
    } catch (err) {
      if (err instanceof TrackingNotFoundError) throw notFound(`the carrier knows no shipment ${tracking}`);
      if (err instanceof CarrierUnavailableError) {
        const seconds = err.retry_after_ms ? Math.max(1, Math.ceil(err.retry_after_ms / 1000)) : null;
        span.set({ "tracking.source": "none" });
        throw new AppError(
          PROBLEMS.carrierUnavailable,
          "the carrier cannot be reached and no cached tracking exists for this shipment",
          {
            retry_after_ms: err.retry_after_ms,
            ...(seconds ? { headers: { "retry-after": String(seconds) } } : {}),
          },
        );
      }
      throw err;
    }
  },
);
