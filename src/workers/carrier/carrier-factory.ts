/**
 * Which carrier client a request gets: the real API when one is configured, else the local
 * simulator over the seed tracking data (DESIGN §2: runs on one machine with no account).
 */
import seedTracking from "../../../migrations/seed-data/carrier-tracking.json";
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
