import { describe, expect, it } from "vitest";
import { writeCsv } from "../../../src/shared/admin/csv";
import { readItems } from "../../../src/shared/admin/import-engine";
import type { ImportKind } from "../../../src/shared/admin/import-kind";
import { diffItems } from "../../../src/shared/admin/item-diff";
import { IMPORT_KINDS } from "../../../src/shared/admin/kinds";
import carriers from "../../../src/seed/data/carriers.json";
import catalog from "../../../src/seed/data/catalog.json";
import contracts from "../../../src/seed/data/contracts.json";
import customers from "../../../src/seed/data/customers.json";
import inventory from "../../../src/seed/data/inventory.json";
import rules from "../../../src/seed/data/procedural-rules.json";

const kindNamed = (name: keyof typeof IMPORT_KINDS) => IMPORT_KINDS[name]!;

/** Items of each kind as the seed files and an importer write them, a few past the seed's own shapes. */
const SAMPLES: Record<string, unknown[]> = {
  catalog: [
    ...catalog,
    { sku: "VLV-4IN-SS-300", description: 'Valve, 4" "SS", 300#', list_price: 1.5, lead_time_days: 0, notes: "a\nb" },
  ],
  customers,
  contracts,
  inventory: [
    ...inventory,
    { sku: "6205.2RS", warehouse: "Reno, NV", on_hand: 5, supplier_eta: null, as_of: "2026-11-30T10:00:00.000Z" },
  ],
  carriers,
  "trading-partners": [
    {
      partner_id: "ACMEIND",
      customer_id: "CUST-001",
      isa_qualifier: "ZZ",
      isa_id: "ACMEIND",
      documents: ["855", "856", "810"],
    },
    { partner_id: "NEWCO", customer_id: "CUST-002", isa_qualifier: "01", isa_id: "123456789", documents: [] },
  ],
  rules: [
    ...rules,
    {
      ...rules[0],
      rule_id: "OR-900",
      scope: { exception_type: "backorder", carrier: null, hub: null, months: null },
      enabled: false,
    },
  ],
};

function roundTrip(kind: ImportKind<unknown>, items: unknown[]) {
  const { items: parsed, errors } = readItems(kind, { format: "json", value: { items } });
  expect(errors).toEqual([]);
  const { header, records } = kind.toCsv(parsed);
  const back = readItems(kind, { format: "csv", text: writeCsv(header, records) });
  return { parsed, back, header };
}

describe("every kind: export then import is a no-op", () => {
  for (const [name, kind] of Object.entries(IMPORT_KINDS)) {
    it(`${name}: JSON items to CSV and back compare unchanged`, () => {
      const { parsed, back } = roundTrip(kind, SAMPLES[name]!);
      expect(back.errors).toEqual([]);
      const diff = diffItems(kind, back.items, parsed);
      expect({ added: diff.added, changed: diff.changed, unchanged: diff.unchanged }).toEqual({
        added: [],
        changed: [],
        unchanged: parsed.length,
      });
    });
  }

  it("writes nested fields dotted and lists ;-separated", () => {
    expect(roundTrip(kindNamed("rules"), rules).header).toContain("scope.exception_type");
    const { records } = kindNamed("carriers").toCsv(carriers);
    expect(records[0]?.hubs).toBe("Memphis, TN;Louisville, KY;Chicago, IL");
    const partners = kindNamed("trading-partners").toCsv(SAMPLES["trading-partners"]!);
    expect(partners.records[0]).toMatchObject({ isa_id: "ACMEIND", documents: "855;856;810" });
  });
});

/** One bad row per kind and the field its error names. */
const BAD: { kind: keyof typeof IMPORT_KINDS; csv: string; row: number; field: string }[] = [
  { kind: "catalog", csv: "sku,description,list_price,lead_time_days\nOK-1,x,1,1\n../x,y,1,1\n", row: 2, field: "sku" },
  { kind: "catalog", csv: "sku,description,list_price,lead_time_days\nOK-1,x,cheap,1\n", row: 1, field: "list_price" },
  {
    kind: "customers",
    csv: "customer_id,name,tier,contact_email,edi_sender_id,allow_partial_shipment\nCUST-9,N,t,a@b.example,,true\n",
    row: 1,
    field: "customer_id",
  },
  {
    kind: "customers",
    csv: "customer_id,name,tier,contact_email,edi_sender_id,allow_partial_shipment\nCUST-900,N,t,a@b.example,,maybe\n",
    row: 1,
    field: "allow_partial_shipment",
  },
  { kind: "inventory", csv: "sku,warehouse,on_hand\nSKU-4892,Chicago,-1\n", row: 1, field: "on_hand" },
  { kind: "inventory", csv: "sku,warehouse,on_hand,as_of\nSKU-4892,Chicago,1,yesterday\n", row: 1, field: "as_of" },
  { kind: "carriers", csv: "carrier,transit_days,hubs\nUPS,0,Memphis\n", row: 1, field: "transit_days" },
  {
    kind: "trading-partners",
    csv: "partner_id,customer_id,isa_qualifier,isa_id,documents\nP,CUST-001,ZZ,P1,855;85X\n",
    row: 1,
    field: "documents",
  },
  {
    kind: "rules",
    csv: 'rule_id,confidence,scope.exception_type,rule,action\nOR-1,0.5,carrier_delay,r,"{""notify_within_hours"":-1}"\n',
    row: 1,
    field: "action",
  },
  {
    kind: "rules",
    csv: "rule_id,confidence,scope.exception_type,rule,action\nOR-1,0.5,weather,r,{}\n",
    row: 1,
    field: "scope.exception_type",
  },
];

describe("each kind refuses a bad row, naming its row and CSV column", () => {
  for (const bad of BAD) {
    it(`${bad.kind}: row ${bad.row} ${bad.field}`, () => {
      const { items, errors } = readItems(kindNamed(bad.kind), { format: "csv", text: bad.csv });
      expect(items).toEqual([]);
      expect(errors.map((e) => [e.row, e.field])).toEqual([[bad.row, bad.field]]);
    });
  }

  it("names a JSON item's field by its path", () => {
    const { errors } = readItems(kindNamed("carriers"), {
      format: "json",
      value: { items: [{ carrier: "X", transit_days: 1, hubs: ["ok", ""] }] },
    });
    expect(errors.map((e) => [e.row, e.field])).toEqual([[1, "hubs[1]"]]);
  });

  it("refuses a column the kind does not have, and a misspelt JSON field", () => {
    const csv = readItems(kindNamed("catalog"), { format: "csv", text: "sku,descripton\nA,b\n" });
    expect(csv.errors).toEqual([expect.objectContaining({ row: 0, field: "descripton" })]);
    const json = readItems(kindNamed("catalog"), {
      format: "json",
      value: { items: [{ sku: "A", description: "d", list_price: 1, lead_time_days: 1, price: 2 }] },
    });
    expect(json.errors).toEqual([expect.objectContaining({ row: 1, field: "price" })]);
  });

  it("refuses one key twice, naming both rows", () => {
    const { errors } = readItems(kindNamed("carriers"), {
      format: "csv",
      text: "carrier,transit_days,hubs\nUPS,1,A\nFedEx,2,B\nUPS,3,C\n",
    });
    expect(errors).toEqual([{ row: 3, field: "", message: "UPS is already row 1" }]);
  });

  it("refuses a body that is not {items: [...]}", () => {
    expect(readItems(kindNamed("catalog"), { format: "json", value: [catalog[0]] }).errors).toEqual([
      expect.objectContaining({ row: 0, field: "items" }),
    ]);
  });
});
