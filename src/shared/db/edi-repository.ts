import { database } from "./reference-repository";
import * as schema from "./schema";

/** Trading-partner ids (ISA06 sender ids) to customer ids. */
export async function loadTradingPartners(db: D1Database): Promise<Map<string, string>> {
  const rows = await database(db).select().from(schema.tradingPartners).all();
  return new Map(rows.map((r) => [r.senderId, r.customerId]));
}

/** Claims an interchange control number; false when another request claimed it first. */
export async function claimInterchange(db: D1Database, senderId: string, controlNumber: string, ackControlNumber: string): Promise<boolean> {
  const result = await database(db)
    .insert(schema.ediInterchanges)
    .values({ senderId, controlNumber, receivedAt: new Date().toISOString(), ackControlNumber })
    .onConflictDoNothing()
    .run();
  return (result.meta.changes ?? 0) > 0;
}

/** The next control number for an outgoing 997, from one atomic counter. */
export async function nextAckControlNumber(db: D1Database): Promise<string> {
  const row = await db
    .prepare(
      "INSERT INTO meta (key, value) VALUES ('edi_997_control_number', '1') ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1 RETURNING value",
    )
    .first<{ value: string | number }>();
  return String(Number(row?.value ?? 1) % 1_000_000_000);
}
