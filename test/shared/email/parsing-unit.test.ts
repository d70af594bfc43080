import { describe, expect, it } from "vitest";
import customersData from "../../../src/seed/data/customers.json";
import {
  InboundEmail,
  senderDomain,
  type CustomerDirectoryEntry,
  type EmailExtraction,
  type PurchaseOrderExtractor,
} from "../../../src/shared/email/email.schema";
import {
  deterministicExtractor,
  directoryFromCustomers,
  extractPurchaseOrder,
  selectExtractor,
} from "../../../src/shared/email/extractor";
import { findPoNumbers, resolveCustomer } from "../../../src/shared/email/fields";
import { messageText } from "../../../src/shared/email/message-text";
import { parseDate, wordsToNumber } from "../../../src/shared/email/values";

const DIRECTORY = directoryFromCustomers(customersData);
const ACME = "purchasing@acme-industrial.example";

function extract(body: string, subject = "PO-2024-10001", from = ACME): EmailExtraction {
  return extractPurchaseOrder({ from, subject, body }, DIRECTORY);
}

function extracted(result: EmailExtraction): Extract<EmailExtraction, { kind: "extracted" }> {
  if (result.kind !== "extracted") throw new Error(`expected extracted, got ${JSON.stringify(result)}`);
  return result;
}

function incomplete(result: EmailExtraction): Extract<EmailExtraction, { kind: "incomplete" }> {
  if (result.kind !== "incomplete") throw new Error(`expected incomplete, got ${JSON.stringify(result)}`);
  return result;
}

describe("InboundEmail", () => {
  it("accepts a bare address and a named address", () => {
    expect(InboundEmail.safeParse({ from: ACME, subject: "", body: "" }).success).toBe(true);
    expect(InboundEmail.safeParse({ from: `"Ruiz, Dana" <${ACME}>`, subject: "s", body: "b" }).success).toBe(true);
  });

  it("rejects a sender with no address, an over-long sender, an unknown key and an over-long body", () => {
    expect(InboundEmail.safeParse({ from: "Dana Ruiz", subject: "", body: "" }).success).toBe(false);
    expect(
      InboundEmail.safeParse({ from: `${"a".repeat(300)}@${"b".repeat(20)}.example`, subject: "", body: "" }).success,
    ).toBe(false);
    expect(InboundEmail.safeParse({ from: ACME, subject: "", body: "", cc: "x@y.example" }).success).toBe(false);
    expect(InboundEmail.safeParse({ from: ACME, subject: "s".repeat(1001), body: "" }).success).toBe(false);
    expect(InboundEmail.safeParse({ from: ACME, subject: "", body: "b".repeat(100_001) }).success).toBe(false);
  });
});

describe("senderDomain", () => {
  it("lower-cases the domain of a named address", () => {
    expect(senderDomain("Dana <Dana.Ruiz@Mail.ACME-Industrial.Example>")).toBe("mail.acme-industrial.example");
  });
  it("is null without an address", () => {
    expect(senderDomain("Dana Ruiz")).toBeNull();
  });
});

describe("findPoNumbers", () => {
  it("normalises the written forms to PO-YYYY-NNNN and drops repeats", () => {
    expect(findPoNumbers("PO #2024-11234, P.O. 2024-11234, po-2024-11234")).toEqual(["PO-2024-11234"]);
    expect(findPoNumbers("PO No. 2024-5555 and Purchase order number: 2024-666666")).toEqual([
      "PO-2024-5555",
      "PO-2024-666666",
    ]);
  });
  it("ignores serials of the wrong length and PO inside a word", () => {
    expect(findPoNumbers("PO-2024-123 PO-2024-1234567 SPO-2024-12345 PO-24-12345")).toEqual([]);
  });
});

describe("parseDate and wordsToNumber", () => {
  it("reads ISO, US and month-name dates", () => {
    expect(parseDate("2024-11-01")).toBe("2024-11-01");
    expect(parseDate("11/01/2024")).toBe("2024-11-01");
    expect(parseDate("Nov 1, 2024")).toBe("2024-11-01");
    expect(parseDate("1 November 2024")).toBe("2024-11-01");
  });
  it("refuses dates that are not on the calendar", () => {
    expect(parseDate("2024-02-30")).toBeNull();
    expect(parseDate("13/01/2024")).toBeNull();
  });
  it("spells numbers", () => {
    expect(wordsToNumber("twenty-five")).toBe(25);
    expect(wordsToNumber("one hundred and twenty")).toBe(120);
    expect(wordsToNumber("two thousand fifty")).toBe(2050);
    expect(wordsToNumber("fifty widgets")).toBeNull();
  });
});

describe("resolveCustomer", () => {
  it("matches company names as whole words in any case", () => {
    expect(resolveCustomer(null, "from ACME   industrial, purchasing", DIRECTORY)).toEqual({
      ok: true,
      customer_id: "CUST-001",
      by: "name",
      evidence: "Acme Industrial",
    });
    expect(resolveCustomer(null, "Acme Industrials Ltd", DIRECTORY).ok).toBe(false);
  });

  it("refuses two named companies and a domain two customers share", () => {
    const two = resolveCustomer(null, "Acme Industrial and Beta Industrial", DIRECTORY);
    expect(two).toEqual({
      ok: false,
      reason: "the text names more than one customer: Acme Industrial (CUST-001), Beta Industrial (CUST-002)",
    });
    const shared: CustomerDirectoryEntry[] = [
      { customer_id: "CUST-101", name: "North", domains: ["group.example"] },
      { customer_id: "CUST-102", name: "South", domains: ["group.example"] },
    ];
    const r = resolveCustomer("buyer.group.example", "", shared);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain("more than one customer (CUST-101, CUST-102)");
  });
});

describe("messageText", () => {
  it("drops quoted lines, the signature after '-- ', greetings and forwarded headers", () => {
    const body =
      "Hi Sam,\nline one\n> quoted\n---------- Forwarded message ---------\nFrom: a@b.example\n\nline two\n-- \nSam\nPO-2024-10009";
    expect(messageText(body)).toEqual({ lines: ["line one", "line two"], signature: ["Sam", "PO-2024-10009"] });
  });

  it("turns HTML cells into a table row and decodes entities", () => {
    expect(
      messageText("<tr><td>SKU-4892</td><td>5</td></tr><p>A&amp;B&#36;</p>").lines.filter((l) => l !== ""),
    ).toEqual(["SKU-4892 | 5", "A&B$"]);
  });
});

describe("extractPurchaseOrder: rules", () => {
  it("reads nothing from the signature or quoted text", () => {
    const r = incomplete(extract("Please see attached.\n> 10 x SKU-9010 at $215\n-- \nDana\n5 x SKU-4892 at $1"));
    expect(r.gaps).toEqual(["line_items"]);
    expect(r.partial).toEqual({
      po_number: "PO-2024-10001",
      customer_id: "CUST-001",
      line_items: [],
      notes: "Please see attached.",
    });
  });

  it("treats a SKU named again without a quantity as a remark for the notes", () => {
    const r = extracted(extract("50 x SKU-4892 at $480\nSKU-4892 should ship first."));
    expect(r.purchase_order.line_items).toEqual([{ sku: "SKU-4892", qty: 50, unit_price: 480 }]);
    expect(r.purchase_order.notes).toBe("SKU-4892 should ship first.");
  });

  it("skips line totals but refuses two unit prices", () => {
    const r = extracted(extract("50 x SKU-4892 $480 each, $24,000 total"));
    expect(r.purchase_order.line_items).toEqual([{ sku: "SKU-4892", qty: 50, unit_price: 480 }]);
    const two = incomplete(extract("50 x SKU-4892 $480 $500"));
    expect(two.gaps).toEqual(["line_items[0].unit_price"]);
    expect(two.reason).toContain("more than one unit price (480, 500)");
  });

  it("does not take a price written before the SKU for its quantity", () => {
    const r = extracted(extract("Price $480 SKU-4892 qty 50"));
    expect(r.purchase_order.line_items).toEqual([{ sku: "SKU-4892", qty: 50, unit_price: 480 }]);
  });

  it("refuses to split one quantity between SKUs in one phrase", () => {
    const r = incomplete(extract("SKU-4892/SKU-9010 x 50"));
    expect(r.gaps).toEqual(["line_items[0].qty", "line_items[1].qty"]);
    expect(r.partial.line_items).toEqual([{ sku: "SKU-4892" }, { sku: "SKU-9010" }]);
  });

  it("reports conflicting and impossible dates as gaps", () => {
    const conflict = incomplete(extract("5 x SKU-4892 at $480\ndeliver by 2024-11-01\nneeded by 2024-11-15"));
    expect(conflict.gaps).toEqual(["requested_delivery_date"]);
    expect(conflict.reason).toBe("requested_delivery_date is ambiguous: 2024-11-01, 2024-11-15");
    const impossible = incomplete(extract("5 x SKU-4892 at $480\norder date: 2024-02-30"));
    expect(impossible.gaps).toEqual(["order_date"]);
    expect(impossible.reason).toBe('order_date "2024-02-30" is not a calendar date');
  });

  it("keeps a malformed SKU as written and says so", () => {
    const r = extracted(extract("5 x SKU-489 at $480"));
    expect(r.purchase_order.line_items).toEqual([{ sku: "SKU-489", qty: 5, unit_price: 480 }]);
    expect(r.notes).toContain('line_items[0].sku SKU-489 is not "SKU-" and 4 digits; kept as written');
  });

  it("treats quantities without a SKU or PO number as a PO with gaps, not as unreadable", () => {
    const r = incomplete(extract("Please send 50 x valves asap", "valves"));
    // "valves" is a product named in words: a line for catalog search to resolve, not a gap.
    expect(r.gaps).toEqual(["po_number"]);
    expect(r.partial).toEqual({ customer_id: "CUST-001", line_items: [{ phrase: "valves", qty: 50 }] });
  });

  it("lowers confidence for a named customer and missing prices together", () => {
    const r = extracted(extract("Beta Industrial order\n5 x SKU-4892", "PO-2024-20001", "pat@freemail.example"));
    expect(r.confidence).toBe(0.6);
    expect(r.purchase_order.customer_id).toBe("CUST-002");
  });

  it("cuts notes to 10,000 characters", () => {
    const r = extracted(extract(`5 x SKU-4892 at $480\n${"n".repeat(12_000)}`));
    expect(r.purchase_order.notes).toBe("n".repeat(10_000));
    expect(r.notes).toContain("notes cut to 10000 characters");
  });
});

describe("selectExtractor", () => {
  const model: PurchaseOrderExtractor = {
    name: "model:order_validation",
    extract: () => Promise.resolve({ kind: "unreadable", reason: "stub" }),
  };
  it("uses the model layer's extractor when there is one", () => {
    expect(selectExtractor(model)).toBe(model);
  });
  it("falls back to the deterministic extractor", () => {
    expect(selectExtractor(null)).toBe(deterministicExtractor);
    expect(selectExtractor()).toBe(deterministicExtractor);
  });
});

describe("extractPurchaseOrder: hostile input", () => {
  // Each body is 100,000 characters, the schema's limit, built to make a careless regex backtrack.
  const bodies: [string, string, EmailExtraction["kind"]][] = [
    ["blank lines after a label", `deliver by${"\n".repeat(99_990)}`, "unreadable"],
    ["one long word beside a SKU", `SKU-4892 ${"a".repeat(99_990)}(`, "incomplete"],
    ["comma-separated digits", `PO-2024-10001 5 x SKU-4892 ${"1,".repeat(49_990)}`, "extracted"],
    ["many SKU phrases on one line", `${"SKU-4892, ".repeat(9_990)}`, "incomplete"],
    ["many SKU lines", `PO-2024-10001\n${"1 x SKU-4892 at $1\n".repeat(5_260)}`, "extracted"],
  ];
  it.each(bodies)("answers quickly for %s", (_name, body, kind) => {
    const started = Date.now();
    const r = extract(body.slice(0, 100_000), "");
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(r.kind).toBe(kind);
  });
});
