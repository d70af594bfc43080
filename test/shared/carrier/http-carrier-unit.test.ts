import { describe, expect, it } from "vitest";
import {
  CarrierUnavailableError,
  TrackingNotFoundError,
  type TrackingStatus,
} from "../../../src/shared/carrier/carrier-client";
import { createHttpCarrierClient } from "../../../src/shared/carrier/http-carrier";

const NOW = Date.parse("2026-11-20T10:00:00Z");
const UPS: TrackingStatus = {
  tracking: "1Z999AA10123456784",
  carrier: "UPS",
  status: "in_transit",
  estimated_delivery: "2024-09-22",
  events: [{ timestamp: "2024-09-18T08:00:00Z", location: "Chicago, IL", status: "picked_up" }],
};

/** A client over a fetch that answers `respond` and remembers the requests it saw. */
function clientAnswering(
  respond: (req: Request) => Response | Promise<Response>,
  options: { timeoutMs?: number; baseUrl?: string } = {},
) {
  const requests: Request[] = [];
  const client = createHttpCarrierClient({
    baseUrl: options.baseUrl ?? "https://carrier.example/api/",
    apiKey: "key-123",
    fetch: async (req) => {
      requests.push(req);
      return respond(req);
    },
    now: () => NOW,
    timeoutMs: options.timeoutMs,
  });
  return { client, requests };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/** The error a call ended with. */
async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("the call succeeded");
}

describe("the HTTP carrier client", () => {
  it("GETs {baseUrl}/track/{tracking} with the API key and answers the tracking", async () => {
    const { client, requests } = clientAnswering(() => json(UPS));
    expect(await client.track(UPS.tracking)).toEqual(UPS);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.method).toBe("GET");
    expect(requests[0]!.url).toBe("https://carrier.example/api/track/1Z999AA10123456784");
    expect(requests[0]!.headers.get("authorization")).toBe("Bearer key-123");
    expect(requests[0]!.headers.get("accept")).toBe("application/json");
  });

  it("encodes the tracking number into the path", async () => {
    const { client, requests } = clientAnswering(() => json({ ...UPS, tracking: "a/b?c" }));
    await client.track("a/b?c");
    expect(requests[0]!.url).toBe("https://carrier.example/api/track/a%2Fb%3Fc");
  });

  it.each([404, 410, 400])("answers not found for %i: the API answered", async (status) => {
    const { client } = clientAnswering(() => json({ error: "unknown" }, status));
    expect(await failure(client.track(UPS.tracking))).toBeInstanceOf(TrackingNotFoundError);
  });

  it("honours Retry-After in seconds on 429", async () => {
    const { client } = clientAnswering(() => json({ error: "slow down" }, 429, { "retry-after": "120" }));
    const e = await failure(client.track(UPS.tracking));
    expect(e).toBeInstanceOf(CarrierUnavailableError);
    expect(e).toMatchObject({ status: 429, retry_after_ms: 120_000 });
  });

  it("honours Retry-After as an HTTP-date on 503", async () => {
    const { client } = clientAnswering(
      () => new Response("down", { status: 503, headers: { "retry-after": "Fri, 20 Nov 2026 10:01:30 GMT" } }),
    );
    expect(await failure(client.track(UPS.tracking))).toMatchObject({
      name: "CarrierUnavailableError",
      status: 503,
      retry_after_ms: 90_000,
    });
  });

  it("answers unavailable without a wait for 429 without Retry-After", async () => {
    const { client } = clientAnswering(() => new Response("", { status: 429 }));
    expect(await failure(client.track(UPS.tracking))).toMatchObject({ status: 429, retry_after_ms: null });
  });

  it.each([500, 502, 401])(
    "answers unavailable for %i, ignoring a Retry-After that status does not define",
    async (status) => {
      const { client } = clientAnswering(() => new Response("", { status, headers: { "retry-after": "30" } }));
      const e = await failure(client.track(UPS.tracking));
      expect(e).toBeInstanceOf(CarrierUnavailableError);
      expect(e).toMatchObject({ status, retry_after_ms: null });
    },
  );

  it("answers unavailable when the network fails", async () => {
    const { client } = clientAnswering(() => {
      throw new TypeError("connection refused");
    });
    const e = await failure(client.track(UPS.tracking));
    expect(e).toBeInstanceOf(CarrierUnavailableError);
    expect(e).toMatchObject({ status: null, message: expect.stringContaining("connection refused") });
  });

  it("answers unavailable when the carrier is slower than the timeout", async () => {
    const { client } = clientAnswering(
      (req) =>
        new Promise<Response>((_, reject) => {
          req.signal.addEventListener("abort", () => reject(req.signal.reason));
        }),
      { timeoutMs: 20 },
    );
    expect(await failure(client.track(UPS.tracking))).toBeInstanceOf(CarrierUnavailableError);
  });

  it("answers unavailable for a body that is not JSON", async () => {
    const { client } = clientAnswering(() => new Response("<html>maintenance</html>", { status: 200 }));
    expect(await failure(client.track(UPS.tracking))).toMatchObject({ name: "CarrierUnavailableError", status: 200 });
  });

  it("answers unavailable for JSON that is not a tracking", async () => {
    const { client } = clientAnswering(() => json({ tracking: UPS.tracking, status: 7 }));
    expect(await failure(client.track(UPS.tracking))).toBeInstanceOf(CarrierUnavailableError);
  });

  it("answers unavailable for a tracking of another parcel", async () => {
    const { client } = clientAnswering(() => json({ ...UPS, tracking: "OTHER0001" }));
    expect(await failure(client.track(UPS.tracking))).toMatchObject({
      name: "CarrierUnavailableError",
      message: expect.stringContaining("OTHER0001"),
    });
  });
});
