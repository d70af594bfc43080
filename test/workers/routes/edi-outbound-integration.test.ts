import { beforeAll, describe, expect, it } from "vitest";
import { readEnvelope } from "../../../src/shared/edi/envelope";
import { api, CUSTOMER_TOKENS, freshPo, placeSettled, TOKENS, waitForSettled } from "../../fixtures/api";
import { auditRows } from "../../fixtures/audit";
import {
  documentsOf,
  documentText,
  listOutbound,
  partner850,
  partner997,
  postEdiExpect,
  registerPartner,
  type ListedDocument,
} from "../../fixtures/edi/outbound";
import { postEdi } from "../../fixtures/edi/intake-cases";
import { hierarchy, parseWithNodeX12 } from "../../fixtures/edi/x12-check";
import { sendWebhook } from "../../fixtures/webhooks";

/** A partner of Beta's (CUST-002) that wants acknowledgments and invoices but no ship notices. */
const NO_ASN = "BETANOASN";

beforeAll(() =>
  registerPartner(NO_ASN, "CUST-002", "Beta Industrial (no ASN)", { qualifier: "01", documents: ["855", "810"] }),
);

/** An 850 from `sender`, taken and settled. */
async function ediOrder(sender: string, lines: readonly (readonly [string, number, number])[]): Promise<string> {
  const po = freshPo();
  await postEdiExpect(partner850(sender, po, lines), 202);
  await waitForSettled(po);
  return po;
}

async function dispatch(po: string, tracking: string): Promise<void> {
  const at = "2024-09-17T15:00:00Z";
  const res = await sendWebhook("erp", {
    type: "shipment.dispatched",
    po_number: po,
    occurred_at: at,
    data: { carrier: "UPS", tracking, shipped_at: at },
  });
  expect(res.status).toBe(202);
  await waitForSettled(po);
}

describe("outbound EDI: documents for trading partners, listed and served (DESIGN §14)", () => {
  it("an 850 in gets an 855 out, to the partner, with each line acknowledged; a 997 back accepts it", async () => {
    const po = await ediOrder("ACMEIND", [["SKU-4892", 10, 595]]);
    const [doc] = await documentsOf(po, 1);
    expect(doc).toMatchObject({ partner: "ACMEIND", type: "855", customer_id: "CUST-001", ack_status: "pending" });

    const text = await documentText(doc!.id);
    const x = parseWithNodeX12(text);
    expect(x.isa[8]?.trim()).toBe("ACMEIND");
    expect(x.isa[6]?.trim()).toBe("EDGEORDERS");
    expect(Number(x.isa[13])).toBe(Number(doc!.control_number));
    expect(x.gs[1]).toBe("PR");
    expect(x.segments.find((s) => s[0] === "BAK")?.slice(1, 4)).toEqual(["00", "AD", po]);
    expect(x.segments.filter((s) => s[0] === "ACK")).toEqual([["ACK", "IA", "10", "EA"]]);
    expect(readEnvelope(text, { sets: { PR: "855" } }).errors).toEqual([]);

    const audit = await auditRows({ kind: "edi.outbound", po });
    expect(audit.map((a) => a.detail.x12)).toEqual([text]);

    const answer = await postEdiExpect<{ orders: unknown[]; ack_997: null; acknowledged: ListedDocument[] }>(
      partner997("ACMEIND", doc!, "A"),
      200,
    );
    expect(answer.orders).toEqual([]);
    expect(answer.ack_997).toBeNull();
    expect(answer.acknowledged).toEqual([expect.objectContaining({ id: doc!.id, ack_status: "accepted" })]);
    expect((await documentsOf(po, 1))[0]?.ack_status).toBe("accepted");
  });

  it("a dispatch gets an 856 (shipment, order, items; carrier, tracking, quantities) and an invoice an 810", async () => {
    const po = await ediOrder("ACMEIND", [["SKU-4892", 12, 595]]);
    await dispatch(po, "1ZEDIOUT0001");
    const invoiced = await sendWebhook("erp", {
      type: "invoice.issued",
      po_number: po,
      occurred_at: "2024-09-20T10:00:00Z",
      data: { invoice_id: `INV-${po}`, lines: [{ sku: "SKU-4892", qty: 12, unit_price: 595 }] },
    });
    expect(invoiced.status).toBe(202);
    const docs = await documentsOf(po, 3);
    expect(docs.map((d) => d.type)).toEqual(["855", "856", "810"]);

    const asn = parseWithNodeX12(await documentText(docs[1]!.id));
    expect(hierarchy(asn)).toEqual([
      ["1", "", "S"],
      ["2", "1", "O"],
      ["3", "2", "I"],
    ]);
    expect(asn.segments.find((s) => s[0] === "REF")).toEqual(["REF", "CN", "1ZEDIOUT0001"]);
    expect(asn.segments.find((s) => s[0] === "PRF")?.[1]).toBe(po);
    expect(asn.segments.find((s) => s[0] === "SN1")?.slice(2, 4)).toEqual(["12", "EA"]);

    const invoice = parseWithNodeX12(await documentText(docs[2]!.id));
    expect(invoice.segments.find((s) => s[0] === "BIG")?.slice(2, 5)).toEqual([`INV-${po}`, "20240915", po]);
    expect(invoice.segments.find((s) => s[0] === "TDS")).toEqual(["TDS", String(12 * 595 * 100)]);

    // Each document has its own control number, one after another for the partner.
    const numbers = docs.map((d) => Number(d.control_number));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(3);
    const envelopes = await Promise.all(docs.map(async (d) => parseWithNodeX12(await documentText(d.id))));
    expect(envelopes.map((e) => Number(e.gs[6]))).toEqual(numbers);
  });

  it("a partner whose documents exclude 856 gets its 855 and no ship notice", async () => {
    const po = await ediOrder(NO_ASN, [["SKU-7210", 5, 62.5]]);
    await dispatch(po, "1ZNOASN0001");
    const docs = await documentsOf(po, 2, 1_500);
    expect(docs.map((d) => [d.partner, d.type])).toEqual([[NO_ASN, "855"]]);
    const x = parseWithNodeX12(await documentText(docs[0]!.id));
    expect(x.isa[7]).toBe("01");
    expect(x.isa[8]?.trim()).toBe(NO_ASN);
  });

  it("a portal order of a partner's customer gets no documents: only EDI orders are answered by EDI", async () => {
    const view = await placeSettled("CUST-001", [{ sku: "SKU-4892", qty: 3 }], "2024-09-15");
    expect(await documentsOf(view.po_number, 1, 1_000)).toEqual([]);
  });

  it("an 850 refused by the business rules gets an 855 RJ with its lines rejected", async () => {
    const po = freshPo();
    await postEdiExpect(partner850("ACMEIND", po, [["SKU-0000", 5, 10]]), 202);
    const [doc] = await documentsOf(po, 1);
    const x = parseWithNodeX12(await documentText(doc!.id));
    expect(x.segments.find((s) => s[0] === "BAK")?.slice(1, 4)).toEqual(["00", "RJ", po]);
    expect(x.segments.filter((s) => s[0] === "ACK").map((s) => s[1])).toEqual(["IR"]);
  });

  it("a rejecting 997 sets ack_status rejected; a 997 naming no document of ours changes nothing", async () => {
    const po = await ediOrder("CONSOLMFG", [["SKU-9010", 2, 215]]);
    const [doc] = await documentsOf(po, 1);
    const answer = await postEdiExpect<{ acknowledged: ListedDocument[] }>(partner997("CONSOLMFG", doc!, "R"), 200);
    expect(answer.acknowledged.map((a) => a.ack_status)).toEqual(["rejected"]);
    expect((await documentsOf(po, 1))[0]?.ack_status).toBe("rejected");

    // Another partner cannot acknowledge CONSOLMFG's document.
    const stray = await postEdiExpect<{ acknowledged: unknown[]; unmatched: unknown[] }>(
      partner997("ACMEIND", { ...doc!, control_number: "999999998" }, "A"),
      200,
    );
    expect(stray).toMatchObject({ acknowledged: [], unmatched: [{ functional_id: "PR" }] });

    // A 997 whose own envelope is broken (SE01 miscounted) is refused and changes nothing.
    const broken = partner997("CONSOLMFG", doc!, "A").replace(/SE\*6\*/, "SE*9*");
    const refused = await postEdi(broken);
    expect(refused.status).toBe(422);
    expect((await documentsOf(po, 1))[0]?.ack_status).toBe("rejected");
  });

  it("lists by partner, type and since, pages with a cursor, and is for operations only", async () => {
    const po = await ediOrder("BETAIND", [["SKU-7210", 4, 62.5]]);
    await documentsOf(po, 1);
    const { documents } = await listOutbound("partner=BETAIND&type=855");
    expect(documents.length).toBeGreaterThan(0);
    expect(documents.every((d) => d.partner === "BETAIND" && d.type === "855")).toBe(true);
    expect((await listOutbound("since=2999-01-01")).documents).toEqual([]);

    const first = await listOutbound("limit=1");
    expect(first.documents).toHaveLength(1);
    expect(first.next_cursor).not.toBeNull();
    const second = await listOutbound(`limit=1&cursor=${first.next_cursor}`);
    expect(second.documents[0]?.id).not.toBe(first.documents[0]?.id);

    expect((await api("/v1/edi/outbound", { token: CUSTOMER_TOKENS["CUST-002"]! })).status).toBe(403);
    expect((await api(`/v1/edi/outbound/${documents[0]!.id}`, { token: TOKENS.beta })).status).toBe(403);
    expect((await api("/v1/edi/outbound/no-such-id", { token: TOKENS.ops })).status).toBe(404);
    expect((await api("/v1/edi/outbound?type=850", { token: TOKENS.ops })).status).toBe(400);
  });
});
