import { database } from "../db/client";
import { jsonColumns, jsonRowStatements } from "../db/json-rows";
import * as schema from "../db/schema";
import { CustomerImportItem } from "../schemas/admin-items.schema";
import { booleanCell, type CsvColumns, itemsFromCsv, itemsToCsv, nullableTextCell, textCell } from "./csv-cells";
import type { ImportKind } from "./import-kind";

const COLUMNS: CsvColumns = {
  customer_id: textCell,
  name: textCell,
  tier: textCell,
  contact_email: textCell,
  edi_sender_id: nullableTextCell,
  allow_partial_shipment: booleanCell,
};

const FIELDS = Object.keys(COLUMNS);

/** Customers (DESIGN §13), by `customer_id`; their tokens are issued apart (`/v1/admin/customers/:id/tokens`). */
export const customersKind: ImportKind<CustomerImportItem> = {
  kind: "customers",
  item: CustomerImportItem,
  key: (item) => item.customer_id,
  fromCsv: (records) => itemsFromCsv(records, COLUMNS),
  toCsv: (items) => itemsToCsv(items, COLUMNS),
  async load(db) {
    const rows = await database(db).select().from(schema.customers).orderBy(schema.customers.customerId).all();
    return rows.map((r) => ({
      customer_id: r.customerId,
      name: r.name,
      tier: r.tier,
      contact_email: r.contactEmail,
      edi_sender_id: r.ediSenderId,
      allow_partial_shipment: r.allowPartialShipment,
    }));
  },
  writes: (db, items) =>
    jsonRowStatements(
      db,
      `INSERT INTO customers (${FIELDS.join(", ")}) SELECT ${jsonColumns(FIELDS)} FROM json_each(?1) WHERE true ` +
        "ON CONFLICT (customer_id) DO UPDATE SET name = excluded.name, tier = excluded.tier, " +
        "contact_email = excluded.contact_email, edi_sender_id = excluded.edi_sender_id, " +
        "allow_partial_shipment = excluded.allow_partial_shipment",
      items,
    ),
};
