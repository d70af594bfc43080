import { describe, expect, it } from "vitest";
import { exceptionId, renumberExceptions } from "../../src/shared/exception-ids";
import { ORDER_KEY_SEPARATOR, orderKey, orderKeyOf } from "../../src/shared/order-key";

describe("orderKey: an order is its customer and its PO number", () => {
  it("names the customer and the PO, so two customers' orders of one number are two objects", () => {
    expect(orderKey("CUST-001", "4500012345")).toBe("CUST-001:4500012345");
    expect(orderKey("CUST-001", "PO-1")).not.toBe(orderKey("CUST-002", "PO-1"));
    expect(orderKeyOf({ customer_id: "CUST-002", po_number: "A/B.7" })).toBe("CUST-002:A/B.7");
  });

  it("stays unambiguous for a rejected PO's malformed customer id that holds the separator", () => {
    const a = orderKey("X:Y", "Z");
    const b = orderKey("X", "Y:Z");
    expect(a).not.toBe(b);
    // The customer part never holds the separator, so the first one ends it.
    expect(a.slice(0, a.indexOf(ORDER_KEY_SEPARATOR))).toBe(encodeURIComponent("X:Y"));
    expect(orderKey("CUST-\u041E\u041E1", "PO-1")).toMatch(/^[\x21-\x7e]+$/);
  });
});

describe("exception ids name the customer, so escalations and episodes named after them never collide", () => {
  it("differs between two customers' orders of one PO number", () => {
    const acme = { customer_id: "CUST-001", po_number: "PO-1" };
    const beta = { customer_id: "CUST-002", po_number: "PO-1" };
    expect(exceptionId(acme, 1)).toBe("CUST-001-PO-1-EX1");
    expect(exceptionId(acme, 1)).not.toBe(exceptionId(beta, 1));
  });

  it("renumbers a clashing exception within its own order", () => {
    const order = { customer_id: "CUST-002", po_number: "PO-1" };
    const taken = exceptionId(order, 1);
    const [opened] = renumberExceptions(
      order,
      [
        {
          type: "exception.opened",
          data: { exception_id: taken, type: "backorder", detected_at: "2024-10-01T00:00:00Z", details: {} },
        },
      ],
      [taken],
    );
    expect(opened?.type === "exception.opened" && opened.data.exception_id).toBe("CUST-002-PO-1-EX2");
  });
});
