import { z } from "zod";
import { setKey, TakenSet } from "../edi/interchange-progress";
import { auditStatement, type AuditEntry } from "./audit-repository";
import { database } from "./client";
import * as schema from "./schema";

/** Trading-partner ids (ISA06 sender ids) to customer ids. */
export async function loadTradingPartners(db: D1Database): Promise<Map<string, string>> {
  const rows = await database(db).select().from(schema.tradingPartners).all();
  return new Map(rows.map((r) => [r.senderId, r.customerId]));
}

/** An interchange's claim on its control number, as stored. */
export interface InterchangeClaim {
  /** True when this request made the claim; false when an earlier one had. */
  claimedNow: boolean;
  ackControlNumber: string;
  /** Null for claims made before interchanges were fingerprinted: never the same as a new one. */
  fingerprint: string | null;
  /** The 997 answered once every set was taken; null while the interchange is unfinished. */
  ack997: string | null;
  /** The TA1 answered with that 997, if one was wanted. */
  ta1: string | null;
}

const ClaimRow = z.object({
  ack_control_number: z.string(),
  fingerprint: z.string().nullable(),
  answered_at: z.string().nullable(),
  ack_997: z.string().nullable(),
  ta1: z.string().nullable(),
});
const TakenSetRow = z.object({
  group_control_number: z.string(),
  transaction_control_number: z.string(),
  answer: z.string(),
});

/** Only while the interchange is unfinished (for `auditStatement`'s `onlyIf`). */
const UNFINISHED =
  "EXISTS (SELECT 1 FROM edi_interchanges WHERE sender_id = ? AND control_number = ? AND answered_at IS NULL)";

/**
 * Claims an interchange control number for this interchange (identified by `fingerprint`),
 * or reads the claim an earlier request made, in one batch.
 */
export async function claimInterchange(
  db: D1Database,
  claim: { senderId: string; controlNumber: string; ackControlNumber: string; fingerprint: string },
): Promise<InterchangeClaim> {
  const [inserted, read] = await db.batch([
    db
      .prepare(
        "INSERT INTO edi_interchanges (sender_id, control_number, received_at, ack_control_number, fingerprint) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
      )
      .bind(claim.senderId, claim.controlNumber, new Date().toISOString(), claim.ackControlNumber, claim.fingerprint),
    db
      .prepare(
        "SELECT ack_control_number, fingerprint, answered_at, ack_997, ta1 FROM edi_interchanges WHERE sender_id = ? AND control_number = ?",
      )
      .bind(claim.senderId, claim.controlNumber),
  ]);
  const row = ClaimRow.parse(read?.results[0]);
  return {
    claimedNow: (inserted?.meta.changes ?? 0) > 0,
    ackControlNumber: row.ack_control_number,
    fingerprint: row.fingerprint,
    ack997: row.answered_at ? row.ack_997 : null,
    ta1: row.answered_at ? row.ta1 : null,
  };
}

/** The sets of an interchange already taken, by `setKey`. */
export async function loadTakenSets(
  db: D1Database,
  senderId: string,
  controlNumber: string,
): Promise<Map<string, TakenSet>> {
  const { results } = await db
    .prepare(
      "SELECT group_control_number, transaction_control_number, answer FROM edi_transaction_sets WHERE sender_id = ? AND interchange_control_number = ?",
    )
    .bind(senderId, controlNumber)
    .all();
  return new Map(
    results.map((r) => {
      const row = TakenSetRow.parse(r);
      return [setKey(row.group_control_number, row.transaction_control_number), TakenSet.parse(JSON.parse(row.answer))];
    }),
  );
}

/** Records that one set is taken; the first record of a set stands. */
export async function recordTakenSet(
  db: D1Database,
  at: { senderId: string; controlNumber: string; group: string; transaction: string },
  taken: TakenSet,
): Promise<void> {
  await database(db)
    .insert(schema.ediTransactionSets)
    .values({
      senderId: at.senderId,
      interchangeControlNumber: at.controlNumber,
      groupControlNumber: at.group,
      transactionControlNumber: at.transaction,
      answer: taken,
      takenAt: new Date().toISOString(),
    })
    .onConflictDoNothing();
}

/** The answers an interchange was given: its 997 and, when one was wanted, its TA1. */
export interface InterchangeAnswers {
  ack997: string;
  ta1: string | null;
}

/**
 * Finishes an interchange in one batch: its audit rows, then its answers and answer time. All are
 * written only while it is unfinished, so of two requests finishing the same interchange one
 * writes and both answer what is stored.
 */
export async function finishInterchange(
  db: D1Database,
  at: { senderId: string; controlNumber: string },
  answers: InterchangeAnswers,
  audit: readonly AuditEntry[],
): Promise<InterchangeAnswers> {
  const key = [at.senderId, at.controlNumber];
  const results = await db.batch([
    ...audit.map((entry) => auditStatement(db, entry, { sql: UNFINISHED, params: key })),
    db
      .prepare(
        "UPDATE edi_interchanges SET answered_at = ?, ack_997 = ?, ta1 = ? WHERE sender_id = ? AND control_number = ? AND answered_at IS NULL",
      )
      .bind(new Date().toISOString(), answers.ack997, answers.ta1, ...key),
    db.prepare("SELECT ack_997, ta1 FROM edi_interchanges WHERE sender_id = ? AND control_number = ?").bind(...key),
  ]);
  const row = z.object({ ack_997: z.string(), ta1: z.string().nullable() }).parse(results.at(-1)?.results[0]);
  return { ack997: row.ack_997, ta1: row.ta1 };
}

/**
 * The `meta` key of the one control-number counter for every interchange we send from `ourId` to
 * `partnerId` (997, TA1, 855, 865, 856, 810 alike): a partner's translator drops a repeated ISA13
 * from the same sender as a duplicate, so two kinds of document must never share a number.
 */
export const controlCounterKey = (ourId: string, partnerId: string): string =>
  `edi_control_number:${ourId}:${partnerId}`;

/** The next control number for an interchange we send from `ourId` to `partnerId`, from its atomic counter. */
export async function nextControlNumber(db: D1Database, ourId: string, partnerId: string): Promise<string> {
  const row = await db
    .prepare(
      "INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1 RETURNING value",
    )
    .bind(controlCounterKey(ourId, partnerId))
    .first<{ value: string | number }>();
  return String(Number(row?.value ?? 1) % 1_000_000_000);
}
