import { describe, expect, it } from "vitest";
import {
  escapeHtml,
  inspectText,
  QUARANTINED,
  sanitizePurchaseOrderText,
  screenModelText,
} from "../../../src/shared/guardrails";
import type { PurchaseOrder } from "../../../src/shared/schemas/purchase-order.schema";
import { HOSTILE_SECTIONS, NAUGHTY_STRINGS } from "../../fixtures/attacks/blns";

// The second attack corpus (the Big List of Naughty Strings, written apart from the detector),
// reported apart from the first (corpus-unit.test.ts): the flagged share of the hostile
// sections is printed and held to a floor measured first and set just below; the odd but
// legitimate sections are held to a ceiling, so a detector that flags everything fails too.

const HOSTILE = NAUGHTY_STRINGS.filter((s) => s.hostile);
const ODD = NAUGHTY_STRINGS.filter((s) => !s.hostile);
const attacksOf = (text: string) => inspectText(text).attacks;

describe("the second corpus as imported from the package", () => {
  it("has every hostile section the test counts on, and the list's size", () => {
    const sections = new Set(NAUGHTY_STRINGS.map((s) => s.section));
    expect(HOSTILE_SECTIONS.filter((h) => !sections.has(h))).toEqual([]);
    expect(NAUGHTY_STRINGS.length).toBeGreaterThanOrEqual(480);
    expect(HOSTILE.length).toBeGreaterThanOrEqual(250);
    expect(new Set(NAUGHTY_STRINGS.map((s) => s.id)).size).toBe(NAUGHTY_STRINGS.length);
  });
});

describe("inspectText on the second corpus", () => {
  it("flags at least the measured share of the hostile sections", () => {
    const missed = HOSTILE.filter((s) => attacksOf(s.payload).length === 0);
    const share = 1 - missed.length / HOSTILE.length;
    console.log(
      `second corpus (blns): ${HOSTILE.length - missed.length}/${HOSTILE.length} hostile strings flagged; missed:\n  ${missed.map((s) => `${s.id} ${JSON.stringify(s.payload).slice(0, 100)}`).join("\n  ")}`,
    );
    // Measured: 247 of 267 (92.5%).
    expect(share).toBeGreaterThanOrEqual(0.92);
  });

  it("flags few of the odd but legitimate strings, and those only for invisible characters", () => {
    const flagged = ODD.filter((s) => attacksOf(s.payload).length > 0);
    console.log(`second corpus (blns): ${flagged.length}/${ODD.length} odd but legitimate strings flagged`);
    // Measured: 7 of 221 (3.2%): zero-width, byte-order-mark and bidi characters, which DESIGN
    // §5.1 quarantines on purpose.
    expect(flagged.length / ODD.length).toBeLessThanOrEqual(0.04);
    expect([...new Set(flagged.flatMap((s) => attacksOf(s.payload)))]).toEqual(["control_characters"]);
  });
});

describe("no string of the second corpus is followed", () => {
  const po = (text: string): PurchaseOrder => ({
    po_number: "PO-2024-1234",
    customer_id: "CUST-001",
    order_date: "2024-09-15",
    notes: text,
    line_items: [{ sku: "SKU-4892", qty: 60, unit_price: 480, ...(text.length <= 500 ? { description: text } : {}) }],
  });

  it("sanitizing changes only the free text: flagged fields are quarantined, the rest kept as sent", () => {
    const wrong = NAUGHTY_STRINGS.filter(({ payload }) => {
      const { po: copy, quarantined_fields } = sanitizePurchaseOrderText(po(payload));
      const flagged = attacksOf(payload).length > 0;
      const { notes, line_items, ...rest } = copy;
      const line = line_items[0];
      const expected = flagged ? QUARANTINED : payload;
      return (
        JSON.stringify(rest) !==
          JSON.stringify({ po_number: "PO-2024-1234", customer_id: "CUST-001", order_date: "2024-09-15" }) ||
        line_items.length !== 1 ||
        line?.sku !== "SKU-4892" ||
        line.qty !== 60 ||
        line.unit_price !== 480 ||
        notes !== expected ||
        (payload.length <= 500 &&
          line.description !== (attacksOf(payload.slice(0, 500)).length > 0 ? QUARANTINED : payload)) ||
        (flagged && !quarantined_fields.includes("notes"))
      );
    });
    expect(wrong.map((s) => s.id)).toEqual([]);
  });

  it("a model's text quoting a flagged string is withheld, never shown", () => {
    const shown = HOSTILE.filter((s) => attacksOf(s.payload).length > 0).filter(
      (s) => screenModelText(`Your order note says: ${s.payload}`, null).text !== null,
    );
    expect(shown.map((s) => s.id)).toEqual([]);
  });

  it("escapeHtml leaves no markup character of any string, and loses nothing", () => {
    const fromHtml = (html: string) =>
      html.replace(
        /&(amp|lt|gt|quot|#39);/g,
        (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[e] ?? "",
      );
    const wrong = NAUGHTY_STRINGS.filter(({ payload }) => {
      const html = escapeHtml(payload);
      return /[<>"']|&(?!(amp|lt|gt|quot|#39);)/.test(html) || fromHtml(html) !== payload;
    });
    expect(wrong.map((s) => s.id)).toEqual([]);
  });
});
