import { describe, expect, it } from "vitest";
import customersData from "../../../src/seed/data/customers.json";
import { directoryFromCustomers } from "../../../src/shared/email/extractor";
import { checkSender } from "../../../src/shared/email/sender-check";

const DIRECTORY = directoryFromCustomers(customersData);
const mail = (from: string) => ({ from, subject: "PO-2024-30001", body: "10 x SKU-4892 at $480" });

describe("checkSender", () => {
  it("passes a PO for the customer whose domain (or subdomain) sent it", () => {
    expect(checkSender(mail("Dana <purchasing@acme-industrial.example>"), "CUST-001", DIRECTORY)).toEqual({
      ok: true,
      customer_id: "CUST-001",
    });
    expect(checkSender(mail("buyer@plant2.acme-industrial.example"), "CUST-001", DIRECTORY).ok).toBe(true);
  });

  it("holds a PO for another customer than the sender's", () => {
    expect(checkSender(mail("purchasing@acme-industrial.example"), "CUST-002", DIRECTORY)).toEqual({
      ok: false,
      reason:
        "sender check: sender domain acme-industrial.example belongs to CUST-001, but the purchase order is for CUST-002",
      claimed_customer_id: "CUST-002",
      sender_customer_ids: ["CUST-001"],
    });
  });

  it("holds a PO from a domain that is no customer's, even when the text names the customer", () => {
    const check = checkSender(mail("pat.lee@freemail.example"), "CUST-002", DIRECTORY);
    expect(check).toMatchObject({ ok: false, claimed_customer_id: "CUST-002", sender_customer_ids: [] });
    expect(!check.ok && check.reason).toContain("freemail.example belongs to no customer");
  });

  it("holds a PO that names no customer, or not as a string", () => {
    for (const claimed of [undefined, null, 1, ["CUST-001"]]) {
      expect(checkSender(mail("purchasing@acme-industrial.example"), claimed, DIRECTORY)).toMatchObject({
        ok: false,
        claimed_customer_id: null,
        sender_customer_ids: ["CUST-001"],
      });
    }
  });

  it("holds a PO from a domain more than one customer sends from", () => {
    const shared = [...DIRECTORY, { customer_id: "CUST-009", name: "Acme Twin", domains: ["acme-industrial.example"] }];
    const check = checkSender(mail("purchasing@acme-industrial.example"), "CUST-001", shared);
    expect(check).toMatchObject({ ok: false, sender_customer_ids: ["CUST-001", "CUST-009"] });
  });
});
