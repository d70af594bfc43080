/**
 * Which carrier client a request gets: the real API when one is configured, else the local
 * simulator over the seed tracking data (DESIGN §2: runs on one machine with no account).
 */
import seedTracking from "../../seed/data/carrier-tracking.json";
import { TrackingStatus, type CarrierClient } from "../../shared/carrier/carrier-client";
import { createHttpCarrierClient } from "../../shared/carrier/http-carrier";
import { createSimulatedCarrierClient, type SimulatedCarrierClient } from "../../shared/carrier/simulated-carrier";
import { createD1SimulatorFaults } from "./simulator-faults";

/** The seed's tracking histories: what the simulated carrier knows. */
export const SEED_TRACKING: readonly TrackingStatus[] = seedTracking.map((t) => TrackingStatus.parse(t));

/** The simulated carrier every request of this deployment shares (its failure plan is in D1). */
export function carrierSimulatorFor(env: Env): SimulatedCarrierClient {
  return createSimulatedCarrierClient(SEED_TRACKING, { faults: createD1SimulatorFaults(env.DB) });
}

/** The carrier client for this deployment: HTTP when both settings are present, else the simulator. */
export function carrierClientFor(env: Env): CarrierClient {
  // `CARRIER_API_URL` is a var and `CARRIER_API_KEY` a secret; both empty locally.
  if (env.CARRIER_API_URL && env.CARRIER_API_KEY) {
    return createHttpCarrierClient({ baseUrl: env.CARRIER_API_URL, apiKey: env.CARRIER_API_KEY });
  }
  return carrierSimulatorFor(env);
}

/** How this deployment reaches carriers, as /v1/health reports it. */
export interface CarrierDependency {
  status: "ok" | "degraded";
  mode: "api" | "simulated";
  detail: string;
}

/**
 * The carrier dependency's state. The simulator is expected only in local development
 * (`DEPLOYMENT=local`, set by `.dev.vars` and tests); anywhere else it means the carrier API was
 * never configured, and tracking, ETAs and delays are invented from seed data: degraded, said so.
 */
export function carrierDependency(
  env: Pick<Env, "CARRIER_API_URL" | "CARRIER_API_KEY" | "DEPLOYMENT">,
): CarrierDependency {
  if (env.CARRIER_API_URL && env.CARRIER_API_KEY)
    return { status: "ok", mode: "api", detail: "carrier API configured (CARRIER_API_URL)" };
  if (env.DEPLOYMENT === "local")
    return { status: "ok", mode: "simulated", detail: "local carrier simulator (local development)" };
  const missing = [
    env.CARRIER_API_URL ? null : "CARRIER_API_URL",
    env.CARRIER_API_KEY ? null : "CARRIER_API_KEY",
  ].filter((m) => m !== null);
  return {
    status: "degraded",
    mode: "simulated",
    detail: `${missing.join(" and ")} not configured: tracking comes from the carrier simulator, not a real carrier`,
  };
}

let carrierReported = false;

/** Logs once per isolate, as an error, when a deployment runs on the simulated carrier. */
export function reportSimulatedCarrier(env: Pick<Env, "CARRIER_API_URL" | "CARRIER_API_KEY" | "DEPLOYMENT">): void {
  if (carrierReported) return;
  carrierReported = true;
  const carrier = carrierDependency(env);
  if (carrier.status === "degraded")
    console.error(JSON.stringify({ msg: "carrier simulated outside local development", detail: carrier.detail }));
}
