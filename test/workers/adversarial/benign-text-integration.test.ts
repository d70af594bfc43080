import { beforeEach, describe, expect, it } from "vitest";
import { BENIGN } from "../../fixtures/attacks/corpus";
import { expectTextAbsent, postOrder, poWithText, textAt, type TextPlace } from "../../fixtures/adversarial";
import { freshPo, waitForSettled } from "../../fixtures/api";
import { auditRows } from "../../fixtures/audit";
import { eventsOf } from "../../fixtures/orders";
import { resetStock } from "../../fixtures/stock";
import type { OrderView } from "../../../src/shared/order-view";

// DESIGN §5.1 cuts both ways: ordinary purchasing text, including words like "ignore",
// "select", "delete", "union" or "system", must reach the order verbatim and unflagged.

beforeEach(resetStock);

/** BENIGN samples that the API flags although the corpus says they are clean; each is skipped with its finding. */
const MISMATCHES: Readonly<Record<string, string>> = {};

async function expectKeptVerbatim(place: TextPlace, text: string): Promise<void> {
  const po = freshPo();
  const res = await postOrder(poWithText(po, place, text));
  expect(res.status).toBe(202);
  const first = (await res.json()) as OrderView;
  const settled = await waitForSettled(po);
  for (const view of [first, settled]) {
    expect(view.validation).toMatchObject({
      sanitized: false,
      attacks_detected: [],
      quarantined_fields: [],
      instruction_followed: false,
    });
    expect(textAt(view, place)).toBe(text);
  }
  expect(settled.status).toBe("confirmed");
  expect(settled.validation.status).toBe("accepted");
  expect(settled.total).toBe(28_800);
  const received = (await eventsOf(po)).find((e) => e.type === "order.received");
  expect(JSON.stringify(received?.data)).toContain(JSON.stringify(text).slice(1, -1));
  expect(await auditRows({ kind: "order.quarantined", po })).toEqual([]);
}

describe("benign notes are accepted, unflagged and kept verbatim", () => {
  it("runs at least 15 benign samples", () => {
    expect(BENIGN.length).toBeGreaterThanOrEqual(15);
  });

  BENIGN.forEach((text, i) => {
    const run = text in MISMATCHES ? it.skip : it;
    run(`BENIGN[${i}] as notes: ${JSON.stringify(text.slice(0, 50))}`, async () => {
      await expectKeptVerbatim("notes", text);
    });
  });
});

describe("benign descriptions are kept verbatim", () => {
  const SAMPLE = BENIGN.filter((t) => t.length <= 500).filter((_, i) => i % 5 === 0);

  it("samples at least 5 descriptions", () => {
    expect(SAMPLE.length).toBeGreaterThanOrEqual(5);
  });

  for (const text of SAMPLE) {
    const run = text in MISMATCHES ? it.skip : it;
    run(`as line_items[0].description: ${JSON.stringify(text.slice(0, 50))}`, async () => {
      await expectKeptVerbatim("line_items[0].description", text);
    });
  }
});

describe("the leak probe of the quarantine tests", () => {
  it("finds a note that did reach the events, so its absence elsewhere means something", async () => {
    const po = freshPo();
    const text = "Deliver to dock\u200B 3 after 5pm";
    const res = await postOrder(poWithText(po, "notes", "Deliver to dock 3 after 5pm"));
    expect(res.status).toBe(202);
    await waitForSettled(po);
    const events = await eventsOf(po);
    // The visible text survives in the events, and the probe (which ignores invisible characters) sees it.
    expect(() => expectTextAbsent(events, text)).toThrow();
    expect(() => expectTextAbsent(events, "Deliver to dock 3 after 5pm")).toThrow();
  });
});

describe("the notes length limit", () => {
  it("a note of exactly 10,000 ordinary characters is kept, one more is quarantined as oversized", async () => {
    const exact = "Please deliver to dock 3. ".repeat(384).padEnd(10_000, ".");
    expect(exact.length).toBe(10_000);
    await expectKeptVerbatim("notes", exact);
    const po = freshPo();
    const res = await postOrder(poWithText(po, "notes", `${exact}x`));
    expect(res.status).toBe(202);
    const view = (await res.json()) as OrderView;
    expect(view.validation).toMatchObject({
      sanitized: true,
      attacks_detected: ["oversized_text"],
      quarantined_fields: ["notes"],
    });
  });
});
