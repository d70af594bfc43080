import { describe, expect, it } from "vitest";
import { parseCsv, writeCsv } from "../../../src/shared/admin/csv";

describe("parseCsv", () => {
  it("reads a header row and records keyed by it", () => {
    const csv = parseCsv("sku,qty\nA-1,3\nB-2,4\n");
    expect(csv.header).toEqual(["sku", "qty"]);
    expect(csv.records).toEqual([
      { sku: "A-1", qty: "3" },
      { sku: "B-2", qty: "4" },
    ]);
    expect(csv.errors).toEqual([]);
  });

  it("reads quoted fields with commas, line breaks and doubled quotes inside", () => {
    const csv = parseCsv('sku,description\r\nV-1,"Valve, 4"" stainless\r\nsecond line"\r\nV-2,plain\r\n');
    expect(csv.records).toEqual([
      { sku: "V-1", description: 'Valve, 4" stainless\r\nsecond line' },
      { sku: "V-2", description: "plain" },
    ]);
    expect(csv.errors).toEqual([]);
  });

  it("drops a UTF-8 byte-order mark, so the first column keeps its name", () => {
    const csv = parseCsv("\uFEFFsku,qty\r\nA-1,3\r\n");
    expect(csv.header).toEqual(["sku", "qty"]);
    expect(csv.records[0]).toEqual({ sku: "A-1", qty: "3" });
  });

  it("reads CRLF and LF alike and skips blank lines", () => {
    expect(parseCsv("a,b\r\n1,2\r\n\r\n").records).toEqual(parseCsv("a,b\n1,2\n\n").records);
  });

  it("never splits on semicolons: list cells keep them", () => {
    expect(parseCsv("carrier,hubs\nUPS,Memphis, TN;Chicago\n").errors[0]).toMatchObject({ row: 1 });
    expect(parseCsv('carrier,hubs\nUPS,"Memphis, TN;Chicago, IL"\n').records[0]?.hubs).toBe("Memphis, TN;Chicago, IL");
  });

  it("names a row whose field count is not the header's, counting data rows from 1", () => {
    const csv = parseCsv("a,b\n1,2\n3\n");
    expect(csv.errors).toEqual([{ row: 2, field: "", message: "has 1 fields, the header has 2" }]);
  });

  it("refuses a header that names a column twice or leaves one unnamed", () => {
    expect(parseCsv("a,a\n1,2\n").errors).toEqual([{ row: 0, field: "a", message: "the column is named twice" }]);
    expect(parseCsv("a,\n1,2\n").errors).toEqual([
      { row: 0, field: "column 2", message: "the header names no column here" },
    ]);
  });

  it("reports an unclosed quote", () => {
    expect(parseCsv('a,b\n1,"open\n').errors.length).toBeGreaterThan(0);
  });
});

describe("writeCsv", () => {
  it("quotes only what needs it and reads back to the same records", () => {
    const records = [
      { sku: "V-1", description: 'Valve, 4" stainless\nsecond line', notes: "" },
      { sku: "6205.2RS", description: "Bearing", notes: "ok" },
    ];
    const text = writeCsv(["sku", "description", "notes"], records);
    expect(text.startsWith('sku,description,notes\r\nV-1,"Valve, 4"" stainless\nsecond line",\r\n')).toBe(true);
    expect(parseCsv(text).records).toEqual(records);
  });
});
