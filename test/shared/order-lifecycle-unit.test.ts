import { describe, expect, it } from "vitest";
import { canTransition, ORDER_TRANSITIONS, OrderStatus, TERMINAL_STATUSES } from "../../src/shared/order-lifecycle";

const ALL: readonly OrderStatus[] = OrderStatus.options;

describe("canTransition", () => {
  it.each([
    ["received", "confirmed"],
    ["received", "rejected"],
    ["received", "cancelled"],
    ["confirmed", "awaiting-approval"],
    ["confirmed", "backordered"],
    ["confirmed", "shipped"],
    ["awaiting-approval", "confirmed"],
    ["backordered", "confirmed"],
    ["in-production", "quality-hold"],
    ["quality-hold", "in-production"],
    ["shipped", "delivered"],
    ["shipped", "exception"],
    ["exception", "shipped"],
    ["exception", "delivered"],
    ["delivered", "exception"],
    ["partially-shipped", "shipped"],
  ] as const)("allows %s -> %s", (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each([
    ["delivered", "confirmed"],
    ["delivered", "shipped"],
    ["received", "shipped"],
    ["received", "in-production"],
    ["shipped", "confirmed"],
    ["shipped", "cancelled"],
    ["awaiting-approval", "shipped"],
    ["cancelled", "confirmed"],
    ["partially-shipped", "confirmed"],
    ["partially-shipped", "cancelled"],
  ] as const)("refuses %s -> %s", (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it("refuses every move out of rejected", () => {
    for (const to of ALL.filter((s) => s !== "rejected")) expect(canTransition("rejected", to)).toBe(false);
  });

  it("refuses every move out of cancelled", () => {
    for (const to of ALL.filter((s) => s !== "cancelled")) expect(canTransition("cancelled", to)).toBe(false);
  });

  it("allows staying in the same status, even a terminal one", () => {
    for (const s of ALL) expect(canTransition(s, s)).toBe(true);
  });

  it("never moves back to received", () => {
    for (const from of ALL.filter((s) => s !== "received")) expect(canTransition(from, "received")).toBe(false);
  });

  it("only rejects from received", () => {
    for (const from of ALL.filter((s) => s !== "received" && s !== "rejected"))
      expect(canTransition(from, "rejected")).toBe(false);
  });
});

describe("ORDER_TRANSITIONS", () => {
  it("has a row for each of the 12 statuses of DESIGN §5.2", () => {
    expect(ALL).toHaveLength(12);
    expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual([...ALL].sort());
  });

  it("only names known statuses and never lists a status as its own target", () => {
    for (const [from, targets] of Object.entries(ORDER_TRANSITIONS)) {
      for (const to of targets) {
        expect(ALL).toContain(to);
        expect(to).not.toBe(from);
      }
    }
  });

  it("leaves rejected and cancelled with no way out, and delivered only to exception", () => {
    expect(ORDER_TRANSITIONS.rejected).toEqual([]);
    expect(ORDER_TRANSITIONS.cancelled).toEqual([]);
    expect(ORDER_TRANSITIONS.delivered).toEqual(["exception"]);
    expect([...TERMINAL_STATUSES].sort()).toEqual(["cancelled", "delivered", "rejected"]);
  });

  it("reaches every status from received", () => {
    const seen = new Set<OrderStatus>(["received"]);
    const queue: OrderStatus[] = ["received"];
    while (queue.length) {
      const from = queue.shift()!;
      for (const to of ORDER_TRANSITIONS[from])
        if (!seen.has(to)) {
          seen.add(to);
          queue.push(to);
        }
    }
    expect([...seen].sort()).toEqual([...ALL].sort());
  });
});
