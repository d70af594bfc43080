import { describe, expect, it } from "vitest";
import { auditEntriesWithText } from "../../../src/shared/db/audit-repository";
import { sha256Hex } from "../../../src/shared/hashing";

const entry = { kind: "edi.interchange", detail: { interchange_control_number: "000000001", ack_997: "ISA~" } };
const ids = { interchange_control_number: "000000001" };
const jsonBytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).byteLength;

describe("auditEntriesWithText (D1 rows hold at most 2,000,000 bytes)", () => {
  it("keeps a text that fits in the one row", async () => {
    expect(await auditEntriesWithText(entry, "raw_interchange", "ISA*00~", ids)).toEqual([
      { ...entry, detail: { ...entry.detail, raw_interchange: "ISA*00~" } },
    ]);
  });

  it("moves a text too long for one row into part rows that rebuild it exactly, each far under the limit", async () => {
    // Control characters are escaped six bytes each in JSON; the surrogate pair must not be split.
    const text = `${"\u0001".repeat(149_999)}😀${"~\r\n".repeat(200_000)}`;
    const rows = await auditEntriesWithText(entry, "raw_interchange", text, ids);
    const [main, ...parts] = rows;
    expect(main?.detail).toMatchObject({
      ...entry.detail,
      raw_interchange: null,
      raw_interchange_chars: text.length,
      raw_interchange_parts: parts.length,
      raw_interchange_sha256: await sha256Hex(text),
    });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.kind)).toEqual(parts.map(() => "edi.interchange.part"));
    expect(parts.map((p) => p.detail.text).join("")).toBe(text);
    expect(parts.map((p) => [p.detail.part, p.detail.parts, p.detail.interchange_control_number])).toEqual(
      parts.map((_, i) => [i + 1, parts.length, "000000001"]),
    );
    for (const row of rows) expect(jsonBytes(row.detail)).toBeLessThan(1_000_000);
    expect(String(parts[0]?.detail.text).endsWith("\u0001")).toBe(true);
  });
});
