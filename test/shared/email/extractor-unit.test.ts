import { describe, expect, it } from "vitest";
import catalogData from "../../../src/seed/data/catalog.json";
import customersData from "../../../src/seed/data/customers.json";
import { EmailExtraction, InboundEmail } from "../../../src/shared/email/email.schema";
import { deterministicExtractor, directoryFromCustomers } from "../../../src/shared/email/extractor";
import { fieldErrorsFromZod } from "../../../src/shared/order-validation";
import { PO_NUMBER, PurchaseOrder } from "../../../src/shared/schemas/purchase-order.schema";
import { EMAIL_SAMPLES, type EmailSample } from "../../fixtures/email/samples";

const DIRECTORY = directoryFromCustomers(customersData);
const CATALOG_SKUS = new Set(catalogData.map((c) => c.sku));

function samplesOf(kind: EmailSample["expect"]["kind"]): EmailSample[] {
  return EMAIL_SAMPLES.filter((s) => s.expect.kind === kind);
}

describe("e-mail samples (fixture sanity)", () => {
  it("has at least 12 samples with unique ids, covering every kind", () => {
    expect(EMAIL_SAMPLES.length).toBeGreaterThanOrEqual(12);
    expect(new Set(EMAIL_SAMPLES.map((s) => s.id)).size).toBe(EMAIL_SAMPLES.length);
    expect(samplesOf("extracted").length).toBe(12);
    expect(samplesOf("incomplete").length).toBe(8);
    expect(samplesOf("unreadable").length).toBe(4);
  });

  it("uses only valid inbound e-mails, catalog SKUs and well-formed PO numbers in its expectations", () => {
    for (const sample of EMAIL_SAMPLES) {
      expect(InboundEmail.safeParse(sample.email).success, sample.id).toBe(true);
      const e = sample.expect;
      const order = e.kind === "extracted" ? e.purchase_order : e.kind === "incomplete" ? e.partial : null;
      if (!order) continue;
      for (const line of order.line_items) expect(CATALOG_SKUS.has(line.sku), `${sample.id} ${line.sku}`).toBe(true);
      if (order.po_number !== undefined) expect(order.po_number, sample.id).toMatch(PO_NUMBER);
    }
  });

  it("sends clean samples from each seed customer's domain and a subdomain", () => {
    const senders = samplesOf("extracted").map((s) => s.email.from);
    for (const domain of [
      "@acme-industrial.example",
      "@beta-industrial.example",
      "@consolidated-mfg.example",
      "@mail.acme-industrial.example",
    ]) {
      expect(
        senders.some((f) => f.includes(domain)),
        domain,
      ).toBe(true);
    }
  });
});

describe("deterministicExtractor on the samples", () => {
  it('is named "deterministic"', () => {
    expect(deterministicExtractor.name).toBe("deterministic");
  });

  for (const sample of EMAIL_SAMPLES) {
    it(`${sample.id} → ${sample.expect.kind}`, async () => {
      const result = await deterministicExtractor.extract(sample.email, DIRECTORY);
      expect(EmailExtraction.safeParse(result).success).toBe(true);
      const e = sample.expect;
      if (e.kind === "extracted") {
        expect(result).toEqual({
          kind: "extracted",
          purchase_order: e.purchase_order,
          confidence: e.confidence,
          notes: e.notes,
        });
      } else if (e.kind === "incomplete") {
        expect(result.kind).toBe("incomplete");
        if (result.kind !== "incomplete") return;
        expect(result.partial).toEqual(e.partial);
        expect(result.gaps).toEqual(e.gaps);
        for (const word of e.reason_include) expect(result.reason).toContain(word);
      } else {
        expect(result.kind).toBe("unreadable");
        if (result.kind !== "unreadable") return;
        for (const word of e.reason_include) expect(result.reason).toContain(word);
      }
    });
  }
});

describe("extracted orders against the §5.1 schema", () => {
  const good = samplesOf("extracted").filter((s) => s.id !== "bad-quantities-kept");

  it.each(good.map((s) => [s.id, s] as const))("%s is a valid PurchaseOrder", async (_id, sample) => {
    const result = await deterministicExtractor.extract(sample.email, DIRECTORY);
    if (result.kind !== "extracted") throw new Error(`expected extracted, got ${result.kind}`);
    const parsed = PurchaseOrder.safeParse(result.purchase_order);
    expect(parsed.success ? [] : fieldErrorsFromZod(parsed.error)).toEqual([]);
  });

  it("keeps zero, negative and fractional quantities for validation to reject, line by line", async () => {
    const sample = EMAIL_SAMPLES.find((s) => s.id === "bad-quantities-kept");
    if (!sample) throw new Error("missing sample");
    const result = await deterministicExtractor.extract(sample.email, DIRECTORY);
    if (result.kind !== "extracted") throw new Error(`expected extracted, got ${result.kind}`);
    const parsed = PurchaseOrder.safeParse(result.purchase_order);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(fieldErrorsFromZod(parsed.error).map((f) => f.field)).toEqual([
      "line_items[0].qty",
      "line_items[1].qty",
      "line_items[2].qty",
    ]);
  });
});

describe("directoryFromCustomers", () => {
  it("takes each customer's domain from its contact e-mail", () => {
    expect(DIRECTORY).toEqual([
      { customer_id: "CUST-001", name: "Acme Industrial", domains: ["acme-industrial.example"] },
      { customer_id: "CUST-002", name: "Beta Industrial", domains: ["beta-industrial.example"] },
      { customer_id: "CUST-003", name: "Consolidated Mfg", domains: ["consolidated-mfg.example"] },
    ]);
  });

  it("gives no domain for a contact e-mail without an address", () => {
    expect(directoryFromCustomers([{ customer_id: "CUST-009", name: "X", contact_email: "none" }])).toEqual([
      { customer_id: "CUST-009", name: "X", domains: [] },
    ]);
  });
});
