import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * X12 documents sent to trading partners (DESIGN §14): one row per (order, event, document
 * type), unique so a redelivered outbox row never makes a second one. `control_number` is the
 * document's ISA13, GS06 and ST02 alike, allocated per partner from `meta` in the same batch
 * that inserts the row (`edi-outbound-repository.ts`); `x12` is filled once the text is built,
 * so a row without it has its number reserved and is finished by the next attempt.
 */
export const ediOutbound = sqliteTable(
  "edi_outbound",
  {
    id: text("id").primaryKey(),
    /** The partner's own id (`trading_partners.partner_id`) and its ISA id, which its 997 comes from. */
    partnerId: text("partner_id").notNull(),
    partnerIsaId: text("partner_isa_id").notNull(),
    type: text("type").notNull(),
    customerId: text("customer_id").notNull(),
    poNumber: text("po_number").notNull(),
    eventSeq: integer("event_seq").notNull(),
    controlNumber: integer("control_number").notNull(),
    createdAt: text("created_at").notNull(),
    x12: text("x12"),
    ackStatus: text("ack_status").notNull().default("pending"),
    ackedAt: text("acked_at"),
    /** ISA13 of the 997 that set `ack_status`. */
    ackInterchange: text("ack_interchange"),
  },
  (t) => [
    uniqueIndex("edi_outbound_document").on(t.customerId, t.poNumber, t.eventSeq, t.type),
    uniqueIndex("edi_outbound_control").on(t.partnerIsaId, t.controlNumber),
    index("edi_outbound_listing").on(t.createdAt, t.id),
  ],
);
