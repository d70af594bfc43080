import { z } from "zod";
import {
  completeIdempotencyKey,
  releaseIdempotencyKey,
  reserveIdempotencyKey,
  takeOverIdempotencyKey,
} from "../../shared/db/idempotency-repository";
import { IDEMPOTENCY_RETRY_AFTER_SECONDS, judgeIdempotencyKey, reservationHold } from "../../shared/idempotency";
import { AppError } from "../errors";
import { type IntakeAnswer, intakeResponse } from "../intake/answer-intake";
import { PROBLEMS } from "../problems";

/** What is stored per key: enough to give the same answer again. */
const StoredResponse = z.object({ content_type: z.string(), body: z.unknown() });

const inUse = (retryAfterSeconds: number) =>
  new AppError(
    PROBLEMS.idempotencyKeyInUse,
    "a request with this Idempotency-Key is still being processed; retry after the indicated delay",
    {
      headers: { "retry-after": String(retryAfterSeconds) },
    },
  );

/**
 * Runs `run` at most once per principal and key (DESIGN §4, Stripe's semantics). The key is
 * reserved before anything happens; a concurrent request with it gets 409 with `Retry-After`, a
 * later one the stored answer (`idempotent-replayed: true`), one with another body 422. A request
 * that throws keeps no answer, so its key is free again; one that crashed frees it when its hold
 * runs out.
 */
export async function answerOnce(
  db: D1Database,
  who: { principalId: string; key: string; bodyHash: string },
  run: () => Promise<IntakeAnswer>,
): Promise<Response> {
  const { principalId, key, bodyHash } = who;
  const now = Date.now();
  const hold = reservationHold(now);
  const reservation = await reserveIdempotencyKey(db, principalId, key, bodyHash, hold);
  if (!reservation.reserved) {
    const verdict = judgeIdempotencyKey(reservation.record, bodyHash, now);
    switch (verdict.kind) {
      case "replay": {
        const stored = StoredResponse.parse(JSON.parse(verdict.response));
        return new Response(JSON.stringify(stored.body), {
          status: verdict.status,
          headers: { "content-type": stored.content_type, "idempotent-replayed": "true" },
        });
      }
      case "mismatch":
        throw new AppError(PROBLEMS.idempotencyKeyReused, "this Idempotency-Key was used with a different body");
      case "in_flight":
        throw inUse(verdict.retryAfterSeconds);
      case "expired":
        // Another request may have taken the stale reservation over first: then it is in flight.
        if (!(await takeOverIdempotencyKey(db, principalId, key, reservation.record.lockedUntil, bodyHash, hold)))
          throw inUse(IDEMPOTENCY_RETRY_AFTER_SECONDS);
    }
  }
  let answer: IntakeAnswer;
  try {
    answer = await run();
  } catch (err) {
    await releaseIdempotencyKey(db, principalId, key, hold).catch((e: unknown) =>
      console.warn(JSON.stringify({ msg: "idempotency key release failed", error: String(e) })),
    );
    throw err;
  }
  const response = JSON.stringify({ content_type: answer.headers["content-type"], body: answer.body } satisfies z.infer<
    typeof StoredResponse
  >);
  await completeIdempotencyKey(db, principalId, key, hold, { status: answer.status, response });
  return intakeResponse(answer);
}
