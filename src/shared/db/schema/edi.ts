import { primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { customers } from "./reference";

/** EDI: trading partners and the interchanges and transaction sets taken in. */

/**
 * EDI trading partners (DESIGN §13): an ISA sender id (`sender_id`, the partner's `isa_id`) names a
 * customer; `documents` lists the X12 documents the partner wants from us (DESIGN §14).
 */
export const tradingPartners = sqliteTable("trading_partners", {
  senderId: text("sender_id").primaryKey(),
  customerId: text("customer_id")
    .notNull()
    .references(() => customers.customerId),
  name: text("name").notNull(),
  partnerId: text("partner_id"),
  isaQualifier: text("isa_qualifier").notNull().default("ZZ"),
  documents: text("documents", { mode: "json" }).$type<string[]>().notNull().default(["855", "856", "810"]),
});

/**
 * Interchanges taken in, by sender and ISA13: a different interchange under a control number
 * already claimed is refused, the same one (same `fingerprint`) is resumed or answered again.
 * `answered_at`, `ack_997` and `ta1` (when one is wanted) are set once every transaction set is
 * taken and the answers are built; a resend gets the same answers again.
 */
export const ediInterchanges = sqliteTable(
  "edi_interchanges",
  {
    senderId: text("sender_id").notNull(),
    controlNumber: text("control_number").notNull(),
    receivedAt: text("received_at").notNull(),
    ackControlNumber: text("ack_control_number").notNull(),
    fingerprint: text("fingerprint"),
    answeredAt: text("answered_at"),
    ack997: text("ack_997"),
    ta1: text("ta1"),
  },
  (t) => [primaryKey({ columns: [t.senderId, t.controlNumber] })],
);

/**
 * Each transaction set of a claimed interchange once taken, with its answer, so a resend takes
 * only the missing ones.
 */
export const ediTransactionSets = sqliteTable(
  "edi_transaction_sets",
  {
    senderId: text("sender_id").notNull(),
    interchangeControlNumber: text("interchange_control_number").notNull(),
    groupControlNumber: text("group_control_number").notNull(),
    transactionControlNumber: text("transaction_control_number").notNull(),
    answer: text("answer", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    takenAt: text("taken_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.senderId, t.interchangeControlNumber, t.groupControlNumber, t.transactionControlNumber] }),
  ],
);
