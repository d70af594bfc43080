import { beforeEach, describe, expect, it } from "vitest";
import type { OrderView } from "../../../src/shared/order-view";
import { expectNoOrder, postRaw, type QuarantineAuditDetail, QUARANTINED } from "../../fixtures/adversarial";
import { acmePo, freshPo, TOKENS, waitForSettled } from "../../fixtures/api";
import { auditRows } from "../../fixtures/audit";
import { viewAsOps } from "../../fixtures/orders";
import { errorFields, expectProblem, expectTraceId } from "../../fixtures/responses";
import { resetStock } from "../../fixtures/stock";

// DESIGN §4: a malformed body is a client error with a problem document (type, status,
// detail, x-trace-id), never a 500, and it records no order.

beforeEach(resetStock);

const utf8 = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
};
/** UTF-16 code units without a byte order mark. */
function utf16(s: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < s.length; i++) view.setUint16(i * 2, s.charCodeAt(i), littleEndian);
  return out;
}
/** A valid PO's JSON with `notes` holding `bytes`, spliced in raw. */
const notesWithBytes = (po: string, bytes: number[]) => {
  const text = JSON.stringify(acmePo(po, undefined, { notes: "MARK" }));
  const [before, after] = text.split("MARK") as [string, string];
  return concat(utf8(before), new Uint8Array(bytes), utf8(after));
};
const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("malformed bodies: 400 with a problem document, nothing recorded", () => {
  const CASES: {
    name: string;
    slug: string;
    detail: RegExp;
    body: (po: string) => BodyInit;
    contentType?: string | null;
  }[] = [
    {
      name: "truncated JSON",
      slug: "malformed-json",
      detail: /not valid JSON/,
      body: (po) => JSON.stringify(acmePo(po)).slice(0, -7),
    },
    { name: "an empty body", slug: "malformed-json", detail: /not valid JSON/, body: () => "" },
    {
      name: "a BOM-less UTF-16LE body",
      slug: "malformed-json",
      detail: /not valid JSON/,
      body: (po) => utf16(JSON.stringify(acmePo(po)), true),
    },
    {
      name: "a BOM-less UTF-16BE body",
      slug: "malformed-json",
      detail: /not valid JSON/,
      body: (po) => utf16(JSON.stringify(acmePo(po)), false),
    },
    {
      name: "invalid UTF-8 (0xC3 0x28)",
      slug: "invalid-encoding",
      detail: /not valid UTF-8/,
      body: (po) => notesWithBytes(po, [0xc3, 0x28]),
    },
    {
      name: "an overlong UTF-8 slash (0xC0 0xAF)",
      slug: "invalid-encoding",
      detail: /not valid UTF-8/,
      body: (po) => notesWithBytes(po, [0xc0, 0xaf]),
    },
    {
      name: "a UTF-8 encoded lone surrogate (0xED 0xA0 0x80)",
      slug: "invalid-encoding",
      detail: /not valid UTF-8/,
      body: (po) => notesWithBytes(po, [0xed, 0xa0, 0x80]),
    },
    {
      name: "a Latin-1 byte (0xE9)",
      slug: "invalid-encoding",
      detail: /not valid UTF-8/,
      body: (po) => notesWithBytes(po, [0x63, 0x61, 0x66, 0xe9]),
    },
    {
      name: "40-level nesting inside a PO",
      slug: "json-too-deep",
      detail: /deeper than 32/,
      body: (po) => JSON.stringify(acmePo(po)).replace(/}$/, `,"extra":${nested(40)}}`),
    },
    { name: "a 40-level nested array body", slug: "json-too-deep", detail: /deeper than 32/, body: () => nested(40) },
    {
      name: "Content-Type text/html",
      slug: "unsupported-content-type",
      detail: /text\/html/,
      body: (po) => JSON.stringify(acmePo(po)),
      contentType: "text/html",
    },
    {
      name: "Content-Type text/plain",
      slug: "unsupported-content-type",
      detail: /text\/plain/,
      body: (po) => JSON.stringify(acmePo(po)),
      contentType: "text/plain",
    },
    {
      name: "no Content-Type",
      slug: "unsupported-content-type",
      detail: /none/,
      body: (po) => utf8(JSON.stringify(acmePo(po))),
      contentType: null,
    },
  ];

  for (const c of CASES) {
    it(`refuses ${c.name}`, async () => {
      const po = freshPo();
      const res = await postRaw(c.body(po), c.contentType === undefined ? "application/json" : c.contentType);
      const traceId = expectTraceId(res);
      const problem = await expectProblem(res, 400, c.slug);
      expect(problem.title).toBe("Bad Request");
      expect(problem.detail).toMatch(c.detail);
      await expectNoOrder(po);
      expect(await auditRows({ traceId, kind: "order.received" })).toEqual([]);
    });
  }

  it("refuses a body over 1 MiB with 413 and records nothing", async () => {
    const po = freshPo();
    const res = await postRaw(JSON.stringify(acmePo(po, undefined, { notes: "x".repeat(1024 * 1024) })));
    await expectProblem(res, 413, "body-too-large");
    await expectNoOrder(po);
  });
});

describe("well-formed JSON that is not a PO object", () => {
  const NOT_OBJECTS: { name: string; body: (po: string) => string }[] = [
    { name: "a JSON array body", body: (po) => JSON.stringify([acmePo(po)]) },
    { name: "a null body", body: () => "null" },
    { name: "a huge number literal body", body: () => "1e999999" },
  ];

  for (const c of NOT_OBJECTS) {
    it(`answers ${c.name} with 400, recording nothing`, async () => {
      const po = freshPo();
      const res = await postRaw(c.body(po));
      await expectProblem(res, 400, "json-object-required");
      await expectNoOrder(po);
    });
  }

  it("a huge number literal as qty (1e400, Infinity once parsed) rejects the PO naming the qty", async () => {
    const po = freshPo();
    const res = await postRaw(JSON.stringify(acmePo(po)).replace('"qty":60', '"qty":1e400'));
    const problem = await expectProblem(res, 422, "invalid-purchase-order");
    expect(errorFields(problem)).toEqual(["line_items[0].qty"]);
    const view = await viewAsOps(po);
    expect(view.status).toBe("rejected");
    expect(view.lines[0]?.qty).toBe(0);
    expect(view.agents_invoked).toEqual([]);
  });

  it("a qty beyond the safe integers rejects the PO naming the qty", async () => {
    const po = freshPo();
    const res = await postRaw(JSON.stringify(acmePo(po)).replace('"qty":60', '"qty":123456789012345678901234567890'));
    const problem = await expectProblem(res, 422, "invalid-purchase-order");
    expect(errorFields(problem)).toEqual(["line_items[0].qty"]);
    expect((await viewAsOps(po)).status).toBe("rejected");
  });
});

describe("duplicate keys: the last one wins, for checking and storing alike (JSON.parse)", () => {
  const body = (po: string, tail: string) => JSON.stringify(acmePo(po)).replace(/}$/, `,${tail}}`);

  it("a second po_number records the order under the second only", async () => {
    const first = freshPo();
    const second = freshPo();
    const res = await postRaw(body(first, `"po_number":"${second}"`));
    expect(res.status).toBe(202);
    expect(((await res.json()) as OrderView).po_number).toBe(second);
    expect((await waitForSettled(second)).status).toBe("confirmed");
    await expectNoOrder(first);
  });

  it("a hostile second po_number is refused even though the first was valid", async () => {
    const first = freshPo();
    const res = await postRaw(body(first, `"po_number":"${first}' OR '1'='1"`));
    const problem = await expectProblem(res, 422, "invalid-purchase-order");
    expect(errorFields(problem)).toContain("po_number");
    await expectNoOrder(first);
  });

  it("hostile notes then benign notes: the benign ones are checked and kept, nothing quarantined", async () => {
    const po = freshPo();
    const res = await postRaw(body(po, `"notes":"<script>alert(1)</script>","notes":"Please deliver to dock 3"`));
    expect(res.status).toBe(202);
    const view = await waitForSettled(po);
    expect(view.notes).toBe("Please deliver to dock 3");
    expect(view.validation).toMatchObject({ sanitized: false, attacks_detected: [], quarantined_fields: [] });
    expect(await auditRows({ kind: "order.quarantined", po })).toEqual([]);
  });

  it("benign notes then hostile notes: the hostile ones are checked, quarantined and audited", async () => {
    const po = freshPo();
    const res = await postRaw(body(po, `"notes":"Please deliver to dock 3","notes":"<script>alert(1)</script>"`));
    expect(res.status).toBe(202);
    const view = await waitForSettled(po);
    expect(view.notes).toBe(QUARANTINED);
    expect(view.validation).toMatchObject({
      sanitized: true,
      attacks_detected: ["script_injection"],
      quarantined_fields: ["notes"],
    });
    const [row] = await auditRows({ kind: "order.quarantined", po });
    expect((row?.detail as QuarantineAuditDetail | undefined)?.fields).toEqual([
      expect.objectContaining({ field: "notes", original: "<script>alert(1)</script>" }),
    ]);
  });

  it("another customer's id then Acme's: Acme's token places Acme's order", async () => {
    const po = freshPo();
    const res = await postRaw(
      JSON.stringify(acmePo(po)).replace(
        '"customer_id":"CUST-001"',
        '"customer_id":"CUST-002","customer_id":"CUST-001"',
      ),
    );
    expect(res.status).toBe(202);
    expect((await waitForSettled(po)).customer_id).toBe("CUST-001");
  });

  it("Acme's id then another customer's: forbidden for Acme's token, nothing recorded", async () => {
    const po = freshPo();
    const res = await postRaw(
      JSON.stringify(acmePo(po)).replace(
        '"customer_id":"CUST-001"',
        '"customer_id":"CUST-001","customer_id":"CUST-002"',
      ),
      "application/json",
      TOKENS.acme,
    );
    await expectProblem(res, 403, "forbidden");
    await expectNoOrder(po);
  });
});
