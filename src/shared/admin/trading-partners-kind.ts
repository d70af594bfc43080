import { database } from "../db/client";
import { jsonColumns, jsonRowStatements } from "../db/json-rows";
import * as schema from "../db/schema";
import { TradingPartnerImportItem } from "../schemas/admin-items.schema";
import { type CsvColumns, itemsFromCsv, itemsToCsv, listCell, textCell } from "./csv-cells";
import type { ImportKind } from "./import-kind";
import { unknownReferences } from "./references";

/** `isa_id` is the interchange sender id (`trading_partners.sender_id`); `documents` is `;`-separated in CSV (`855;856;810`). */
const COLUMNS: CsvColumns = {
  partner_id: textCell,
  customer_id: textCell,
  isa_qualifier: textCell,
  isa_id: textCell,
  documents: listCell,
};

const FIELDS = Object.keys(COLUMNS);

/**
 * EDI trading partners (DESIGN §13, §14), by ISA sender id: whose interchanges they are and which
 * documents they want back. A partner names a customer already stored. Its `name` is its customer's.
 */
export const tradingPartnersKind: ImportKind<TradingPartnerImportItem> = {
  kind: "trading-partners",
  item: TradingPartnerImportItem,
  key: (item) => item.isa_id,
  fromCsv: (records) => itemsFromCsv(records, COLUMNS),
  toCsv: (items) => itemsToCsv(items, COLUMNS),
  checkReferences: (db, items) =>
    unknownReferences(db, items, {
      table: "customers",
      field: "customer_id",
      of: (p) => p.customer_id,
      what: "customer",
    }),
  async load(db) {
    const t = schema.tradingPartners;
    const rows = await database(db).select().from(t).orderBy(t.senderId).all();
    return rows.map((r) => ({
      partner_id: r.partnerId ?? r.senderId,
      customer_id: r.customerId,
      isa_qualifier: r.isaQualifier,
      isa_id: r.senderId,
      documents: r.documents,
    }));
  },
  writes: (db, items) =>
    jsonRowStatements(
      db,
      "INSERT INTO trading_partners (sender_id, partner_id, customer_id, isa_qualifier, documents, name) " +
        "SELECT p.isa_id, p.partner_id, p.customer_id, p.isa_qualifier, p.documents, " +
        "coalesce((SELECT c.name FROM customers c WHERE c.customer_id = p.customer_id), p.partner_id) " +
        `FROM (SELECT ${jsonColumns(FIELDS)} FROM json_each(?1)) AS p WHERE true ` +
        "ON CONFLICT (sender_id) DO UPDATE SET partner_id = excluded.partner_id, customer_id = excluded.customer_id, " +
        "isa_qualifier = excluded.isa_qualifier, documents = excluded.documents, name = excluded.name",
      items,
    ),
};
