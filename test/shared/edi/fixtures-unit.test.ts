import { describe, expect, it } from "vitest";
import { build997, parseInterchange, readAck997, type EdiError } from "../../../src/shared/edi";
import { PurchaseOrder } from "../../../src/shared/schemas/purchase-order.schema";
import { PARTNERS, RAW } from "../../fixtures/edi/interchanges";
import { FAULT_FIXTURES } from "../../fixtures/edi/expected-faults";
import { ACCEPTED_FIXTURES } from "../../fixtures/edi/expected-orders";

const ALL = [...ACCEPTED_FIXTURES, ...FAULT_FIXTURES];
const NOW = new Date("2024-09-30T12:05:00Z");

const levels = (errors: readonly EdiError[]) => [...new Set(errors.map((e) => e.level))];

describe("EDI fixtures", () => {
  it("has the eighteen fixture files, each read as text through ?raw", () => {
    expect(ALL).toHaveLength(18);
    expect(new Set(ALL.map((f) => f.raw)).size).toBe(18);
    for (const fixture of ALL) expect(fixture.raw.trimStart().slice(0, 3)).toBe("ISA");
  });

  it("keeps the layouts the fixtures exist to test", () => {
    expect(RAW.betaCrlf).toContain("~\r\n");
    expect(RAW.consolidatedNoBreaks).not.toMatch(/[\r\n]/);
    expect(RAW.betaPipe.split("\n")).toHaveLength(13);
    expect(RAW.acmeBang.startsWith("\r\n   ISA^")).toBe(true);
  });
});

describe.each(ALL)("$name", (fixture) => {
  const result = parseInterchange(fixture.raw, PARTNERS);

  it("reads the interchange envelope", () => {
    expect(result.accepted).toBe(fixture.accepted);
    expect(result.control_number).toBe(fixture.control);
    expect(result.sender_id).toBe(fixture.sender);
    expect(result.receiver_id).toBe("EDGEORDERS");
    expect(result.version).toBe(fixture.version);
    expect(result.delimiters).toEqual(fixture.delimiters);
    expect(result.errors.map((e) => e.code)).toEqual(fixture.codes);
    if (result.errors.length > 0) expect(levels(result.errors)).toEqual(["interchange"]);
  });

  it("accepts or rejects each group and set with the right codes", () => {
    expect(
      result.groups.map((g) => ({
        control: g.control_number,
        functional_id: g.functional_id,
        accepted: g.accepted,
        codes: g.errors.map((e) => e.code),
        sets: g.transactions.map((t) => ({
          control: t.control_number,
          set_id: t.set_id,
          accepted: t.accepted,
          codes: t.errors.map((e) => e.code),
          segments: t.segment_count,
        })),
      })),
    ).toEqual(
      fixture.groups.map((g) => ({
        control: g.control,
        functional_id: "PO",
        accepted: g.accepted,
        codes: g.codes,
        sets: g.sets.map((s) => ({
          control: s.control,
          set_id: "850",
          accepted: s.accepted,
          codes: s.codes,
          segments: s.segments,
        })),
      })),
    );
    for (const group of result.groups) {
      if (group.errors.length > 0) expect(levels(group.errors)).toEqual(["group"]);
      for (const t of group.transactions) if (t.errors.length > 0) expect(levels(t.errors)).toEqual(["transaction"]);
    }
  });

  it("maps each accepted 850 to the portal purchase order, and no rejected one", () => {
    const orders = result.groups.flatMap((g) => g.transactions.map((t) => t.purchase_order));
    expect(orders).toEqual(fixture.groups.flatMap((g) => g.sets.map((s) => s.po)));
  });

  it("answers with a 997 that acknowledges every group and set", () => {
    const ack = readAck997(build997(result, { now: NOW, controlNumber: "9001" }));
    expect(ack.errors).toEqual([]);
    expect(ack.control_number).toBe("000009001");
    expect(ack.sender_id).toBe("EDGEORDERS");
    expect(ack.receiver_id).toBe(fixture.sender);
    expect(ack.delimiters).toEqual(fixture.delimiters);
    expect(
      ack.groups.map((g) => ({
        functional_id: g.functional_id,
        group_control_number: g.group_control_number,
        status: g.status,
        included: g.included,
        received: g.received,
        accepted: g.accepted,
        codes: g.codes,
        sets: g.sets,
      })),
    ).toEqual(
      fixture.groups.map((g) => ({
        functional_id: "PO",
        group_control_number: g.control,
        ...g.ak9,
        sets: g.sets.map((s) => ({ set_id: "850", control_number: s.control, ...s.ak5 })),
      })),
    );
  });
});

describe("mapped purchase orders against the PurchaseOrder schema", () => {
  const orders = ACCEPTED_FIXTURES.flatMap((f) =>
    parseInterchange(f.raw, PARTNERS).groups.flatMap((g) =>
      g.transactions.map((t) => ({ name: f.name, po: t.purchase_order })),
    ),
  );

  it("validates every PO whose trading partner is known", () => {
    const known = orders.filter((o) => !o.name.startsWith("unknown-partner"));
    expect(known).toHaveLength(13);
    for (const { po } of known) expect(PurchaseOrder.safeParse(po).success).toBe(true);
  });

  it("leaves the unknown partner's PO for the caller's validation to reject on customer_id", () => {
    const unknown = orders.filter((o) => o.name.startsWith("unknown-partner"));
    expect(unknown).toHaveLength(1);
    const parsed = PurchaseOrder.safeParse(unknown[0]?.po);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["customer_id"]);
  });
});
