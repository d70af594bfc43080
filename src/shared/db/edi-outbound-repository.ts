import { z } from "zod";
import { auditStatement, type AuditEntry } from "./audit-repository";
import { controlCounterKey } from "./edi-repository";

/** Outbound X12 documents (DESIGN §14): their control numbers, text, acknowledgment, listing. */

/** A trading partner as outbound documents need it. */
export interface OutboundPartner {
  partnerId: string;
  isaId: string;
  isaQualifier: string;
  documents: string[];
}

const PartnerRow = z.object({
  sender_id: z.string(),
  partner_id: z.string().nullable(),
  isa_qualifier: z.string(),
  documents: z.string(),
});

/**
 * The partner an order's documents go to: the one whose ISA id the order came from, or else
 * (a PO relayed by a VAN, the customer named by N1*BY) the customer's own partner entry.
 */
export async function loadOutboundPartner(
  db: D1Database,
  order: { senderId: string | null; customerId: string },
): Promise<OutboundPartner | null> {
  const { results } = await db
    .prepare(
      `SELECT sender_id, partner_id, isa_qualifier, documents FROM trading_partners
       WHERE sender_id = ? OR customer_id = ? ORDER BY sender_id = ? DESC, sender_id LIMIT 1`,
    )
    .bind(order.senderId ?? "", order.customerId, order.senderId ?? "")
    .all();
  if (!results[0]) return null;
  const row = PartnerRow.parse(results[0]);
  const documents = z.array(z.string()).catch([]).parse(JSON.parse(row.documents));
  return {
    partnerId: row.partner_id ?? row.sender_id,
    isaId: row.sender_id,
    isaQualifier: row.isa_qualifier,
    documents,
  };
}

/** One stored outbound document. */
export const OutboundRow = z.object({
  id: z.string(),
  partner_id: z.string(),
  partner_isa_id: z.string(),
  type: z.string(),
  customer_id: z.string(),
  po_number: z.string(),
  event_seq: z.number(),
  control_number: z.number(),
  created_at: z.string(),
  x12: z.string().nullable(),
  ack_status: z.enum(["pending", "accepted", "rejected", "accepted_with_errors"]),
  acked_at: z.string().nullable(),
});
export type OutboundRow = z.infer<typeof OutboundRow>;

const COLUMNS =
  "id, partner_id, partner_isa_id, type, customer_id, po_number, event_seq, control_number, created_at, x12, ack_status, acked_at";

/**
 * Reserves a document's row with its control number, in one batch: the counter of our id and the
 * partner's (shared with our 997s and TA1s to them, `controlCounterKey`) in `meta` moves on only
 * when the document (order, event, type) has no row yet, and the row takes the counter's new
 * value. A redelivery finds the row made before, so documents take no number twice however often
 * the outbox runs, and concurrent partners' batches are serialized by D1.
 */
export async function reserveOutbound(
  db: D1Database,
  doc: {
    ourId: string;
    partner: OutboundPartner;
    type: string;
    customerId: string;
    poNumber: string;
    eventSeq: number;
  },
): Promise<OutboundRow> {
  const key = controlCounterKey(doc.ourId, doc.partner.isaId);
  const identity = [doc.customerId, doc.poNumber, doc.eventSeq, doc.type];
  const exists = "SELECT 1 FROM edi_outbound WHERE customer_id = ? AND po_number = ? AND event_seq = ? AND type = ?";
  const [, , , read] = await db.batch([
    db.prepare("INSERT INTO meta (key, value) VALUES (?, '0') ON CONFLICT (key) DO NOTHING").bind(key),
    db
      .prepare(`UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = ? AND NOT EXISTS (${exists})`)
      .bind(key, ...identity),
    db
      .prepare(
        `INSERT INTO edi_outbound (id, partner_id, partner_isa_id, type, customer_id, po_number, event_seq, control_number, created_at)
         SELECT ?, ?, ?, ?, ?, ?, ?, CAST(value AS INTEGER), ? FROM meta WHERE key = ? AND NOT EXISTS (${exists})`,
      )
      .bind(
        crypto.randomUUID(),
        doc.partner.partnerId,
        doc.partner.isaId,
        doc.type,
        doc.customerId,
        doc.poNumber,
        doc.eventSeq,
        new Date().toISOString(),
        key,
        ...identity,
      ),
    db
      .prepare(
        `SELECT ${COLUMNS} FROM edi_outbound WHERE customer_id = ? AND po_number = ? AND event_seq = ? AND type = ?`,
      )
      .bind(...identity),
  ]);
  return OutboundRow.parse(read?.results[0]);
}

/** Stores a reserved document's text and its audit rows together, once: a second attempt changes nothing. */
export async function finishOutbound(
  db: D1Database,
  id: string,
  x12: string,
  audit: readonly AuditEntry[],
): Promise<void> {
  const unfinished = { sql: "EXISTS (SELECT 1 FROM edi_outbound WHERE id = ? AND x12 IS NULL)", params: [id] };
  await db.batch([
    ...audit.map((entry) => auditStatement(db, entry, unfinished)),
    db.prepare("UPDATE edi_outbound SET x12 = ? WHERE id = ? AND x12 IS NULL").bind(x12, id),
  ]);
}

/** A filter and page of the listing, oldest first (documents are read in the order they were sent). */
export interface OutboundFilter {
  partner?: string | undefined;
  type?: string | undefined;
  since?: string | undefined;
  limit: number;
  cursor?: { createdAt: string; id: string } | undefined;
}

/** Finished documents matching the filter, one past the page to tell whether there is a next one. */
export async function listOutbound(db: D1Database, f: OutboundFilter): Promise<{ rows: OutboundRow[]; more: boolean }> {
  const where = ["x12 IS NOT NULL"];
  const params: (string | number)[] = [];
  if (f.partner) {
    where.push("(partner_id = ? OR partner_isa_id = ?)");
    params.push(f.partner, f.partner);
  }
  if (f.type) {
    where.push("type = ?");
    params.push(f.type);
  }
  if (f.since) {
    where.push("created_at >= ?");
    params.push(f.since);
  }
  if (f.cursor) {
    where.push("(created_at > ? OR (created_at = ? AND id > ?))");
    params.push(f.cursor.createdAt, f.cursor.createdAt, f.cursor.id);
  }
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM edi_outbound WHERE ${where.join(" AND ")} ORDER BY created_at, id LIMIT ?`)
    .bind(...params, f.limit + 1)
    .all();
  const rows = results.map((r) => OutboundRow.parse(r));
  return { rows: rows.slice(0, f.limit), more: rows.length > f.limit };
}

/** One finished document, or null. */
export async function getOutbound(db: D1Database, id: string): Promise<OutboundRow | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM edi_outbound WHERE id = ? AND x12 IS NOT NULL`).bind(id).first();
  return row ? OutboundRow.parse(row) : null;
}

/** What a partner's 997 says about one of our documents. */
export interface OutboundAck {
  partnerIsaId: string;
  types: readonly string[];
  controlNumber: number;
  status: OutboundRow["ack_status"];
  ackInterchange: string | null;
}

/** Sets the acknowledgment of the partner's documents a 997 names; answers the documents it matched. */
export async function acknowledgeOutbound(db: D1Database, acks: readonly OutboundAck[]): Promise<OutboundRow[]> {
  if (acks.length === 0) return [];
  const at = new Date().toISOString();
  const results = await db.batch(
    acks.map((a) =>
      db
        .prepare(
          `UPDATE edi_outbound SET ack_status = ?, acked_at = ?, ack_interchange = ?
           WHERE partner_isa_id = ? AND control_number = ? AND type IN (${a.types.map(() => "?").join(", ")}) AND x12 IS NOT NULL
           RETURNING ${COLUMNS}`,
        )
        .bind(a.status, at, a.ackInterchange, a.partnerIsaId, a.controlNumber, ...a.types),
    ),
  );
  return results.flatMap((r) => r.results.map((row) => OutboundRow.parse(row)));
}
