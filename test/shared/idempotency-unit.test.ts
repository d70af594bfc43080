import { describe, expect, it } from "vitest";
import {
  IDEMPOTENCY_LOCK_MS,
  judgeIdempotencyKey,
  reservationHold,
  type IdempotencyRecord,
} from "../../src/shared/idempotency";

const NOW = Date.parse("2026-12-01T12:00:00.000Z");
const answered: IdempotencyRecord = {
  bodyHash: "a",
  status: 202,
  response: '{"content_type":"application/json","body":{}}',
  lockedUntil: null,
};
const reserved = (lockedUntil: string | null): IdempotencyRecord => ({
  bodyHash: "a",
  status: null,
  response: null,
  lockedUntil,
});

describe("judgeIdempotencyKey", () => {
  it("replays a stored answer for the same body", () => {
    expect(judgeIdempotencyKey(answered, "a", NOW)).toEqual({
      kind: "replay",
      status: 202,
      response: answered.response,
    });
  });

  it("refuses a different body, whether the first request is done or still running", () => {
    expect(judgeIdempotencyKey(answered, "b", NOW).kind).toBe("mismatch");
    expect(judgeIdempotencyKey(reserved(reservationHold(NOW)), "b", NOW).kind).toBe("mismatch");
  });

  it("tells a request with a key in flight to retry", () => {
    expect(judgeIdempotencyKey(reserved(reservationHold(NOW - 1_000)), "a", NOW)).toEqual({
      kind: "in_flight",
      retryAfterSeconds: 1,
    });
  });

  it("frees the key of a request that crashed once its hold has run out, whatever the body", () => {
    const crashed = reserved(reservationHold(NOW - IDEMPOTENCY_LOCK_MS));
    expect(judgeIdempotencyKey(crashed, "a", NOW).kind).toBe("expired");
    expect(judgeIdempotencyKey(crashed, "b", NOW).kind).toBe("expired");
    expect(judgeIdempotencyKey(reserved(null), "a", NOW).kind).toBe("expired");
  });
});
