import { describe, expect, it } from "vitest";
import { element, tokenize } from "../../../src/shared/edi/tokenizer";
import { ISA_ACME, MINIMAL_850, wrap850 } from "../../fixtures/edi/interchange-text";

const codes = (raw: string) => tokenize(raw).errors.map((e) => e.code);

describe("tokenize: delimiters from the ISA", () => {
  it("reads element (ISA char 4), component (ISA16) and segment terminator (after ISA16)", () => {
    const t = tokenize(wrap850(MINIMAL_850));
    expect(t.delimiters).toEqual({ element: "*", component: ">", segment: "~" });
    expect(t.errors).toEqual([]);
    expect(t.isa?.[6]).toBe("ACMEIND");
    expect(t.isa?.[13]).toBe("000000101");
    expect(t.isa?.[16]).toBe(">");
  });

  it("numbers segments from the ISA (1) and indexes elements from 1", () => {
    const t = tokenize(wrap850(MINIMAL_850));
    expect(t.segments.map((s) => s.tag)).toEqual(["GS", "ST", "BEG", "PO1", "CTT", "SE", "GE", "IEA"]);
    expect(t.segments.map((s) => s.position)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    const beg = t.segments[2];
    expect(beg && element(beg, 3)).toBe("PO-2024-30001");
    expect(beg && element(beg, 4)).toBe("");
    expect(beg && element(beg, 9)).toBe("");
  });

  it("reads the repetition separator from ISA11 in 00501 only", () => {
    const v5010 = ISA_ACME.replace("*U*00401*", "*^*00501*");
    expect(tokenize(v5010).repetition).toBe("^");
    expect(tokenize(ISA_ACME).repetition).toBeNull();
  });

  it("takes a carriage return as the terminator and drops the line feed after it", () => {
    const raw = wrap850(MINIMAL_850).replaceAll("~\n", "\r\n");
    const t = tokenize(raw);
    expect(t.delimiters?.segment).toBe("\r");
    expect(t.segments.map((s) => s.tag)).toEqual(["GS", "ST", "BEG", "PO1", "CTT", "SE", "GE", "IEA"]);
    expect(t.errors).toEqual([]);
  });

  it("tolerates a byte-order mark, blank lines and spaces around segments, and no final terminator", () => {
    const raw = `\uFEFF\n\n  ${wrap850(MINIMAL_850).replace("IEA*1*000000101~\n", "\n\n   IEA*1*000000101  \n")}`;
    const t = tokenize(raw);
    expect(t.errors).toEqual([]);
    expect(t.segments.at(-1)?.elements).toEqual(["IEA", "1", "000000101"]);
    expect(t.segments).toHaveLength(8);
  });

  it("keeps the delimiters of other layouts inside data as plain text", () => {
    const raw = `${ISA_ACME.replaceAll("*", "|").replace(">~", "^\n")}GS|PO|A*B~C|X\n`;
    const t = tokenize(raw);
    expect(t.segments[0]?.elements).toEqual(["GS", "PO", "A*B~C", "X"]);
  });
});

describe("tokenize: an unreadable or malformed ISA", () => {
  it.each([
    ["empty input", ""],
    ["whitespace only", " \r\n\t"],
    ["a different segment first", "GS*PO*ACMEIND*EDGEORDERS*20240915*1030*101*X*004010~"],
    ["an EDIFACT message", "UNA:+.? 'UNB+UNOC:3+ACMEIND+EDGEORDERS'"],
  ])("rejects %s (022) with no delimiters", (_name, raw) => {
    const t = tokenize(raw);
    expect(t.errors.map((e) => [e.level, e.code])).toEqual([["interchange", "022"]]);
    expect(t.delimiters).toBeNull();
    expect(t.isa).toBeNull();
    expect(t.segments).toEqual([]);
  });

  it("rejects a truncated ISA (022)", () => {
    const t = tokenize("ISA*00*          *00*          *ZZ*ACMEIND");
    expect(t.errors.map((e) => e.code)).toEqual(["022"]);
    expect(t.errors[0]?.message).toContain("truncated");
    expect(t.delimiters).toBeNull();
  });

  it("rejects a letter as element separator (026)", () => {
    expect(codes(ISA_ACME.replaceAll("*", "X"))).toEqual(["026"]);
  });

  it("rejects a component separator equal to the element separator (027)", () => {
    expect(codes(ISA_ACME.replace("*P*>~", "*P**~"))).toEqual(["027"]);
  });

  it("rejects a letter or the component separator as segment terminator (004)", () => {
    expect(codes(ISA_ACME.replace("*P*>~", "*P*>A"))).toEqual(["004"]);
    expect(codes(ISA_ACME.replace("*P*>~", "*P*>>"))).toEqual(["004"]);
  });

  it("reads an ISA of the wrong length (fields unpadded) by its separators and trims its fields (DESIGN §5.4)", () => {
    const t = tokenize(
      `${ISA_ACME.replace("ACMEIND        ", "ACMEIND").replace("EDGEORDERS     ", "EDGEORDERS")}GS*PO~`,
    );
    expect(t.errors).toEqual([]);
    expect(t.isa?.[6]).toBe("ACMEIND");
    expect(t.isa?.[8]).toBe("EDGEORDERS");
    expect(t.delimiters).toEqual({ element: "*", component: ">", segment: "~" });
    expect(t.segments.map((s) => s.tag)).toEqual(["GS"]);
  });

  it("reads fields of the wrong width even when the total is 106", () => {
    const shifted = ISA_ACME.replace("ACMEIND        *ZZ*EDGEORDERS     ", "ACMEIND       *ZZ*EDGEORDERS      ");
    expect(shifted).toHaveLength(106);
    expect(tokenize(shifted).errors).toEqual([]);
  });

  it("reads any 5-digit ISA12 (GS08 decides), but rejects a malformed one (017) and a non-numeric ISA13 (018)", () => {
    expect(codes(ISA_ACME.replace("*00401*", "*00400*"))).toEqual([]);
    expect(codes(ISA_ACME.replace("*00401*", "*00305*"))).toEqual([]);
    expect(codes(ISA_ACME.replace("*00401*", "*0040X*"))).toEqual(["017"]);
    expect(codes(ISA_ACME.replace("*000000101*", "*00000010A*"))).toEqual(["018"]);
  });

  it("reads ISA11 as a repetition separator from 00402 on, and never a letter", () => {
    expect(tokenize(ISA_ACME.replace("*U*00401*", "*!*00403*")).repetition).toBe("!");
    expect(tokenize(ISA_ACME.replace("*U*00401*", "*U*00501*")).repetition).toBeNull();
    expect(tokenize(ISA_ACME.replace("*U*00401*", "*^*00401*")).repetition).toBeNull();
  });

  it("splits on any line break when a line break is the declared terminator", () => {
    const raw = wrap850(MINIMAL_850).replace(">~", ">\n").replaceAll("~\n", "\r").replace("CTT*1\r", "CTT*1\r\n\n");
    const t = tokenize(raw);
    expect(t.delimiters?.segment).toBe("\n");
    expect(t.segments.map((s) => s.tag)).toEqual(["GS", "ST", "BEG", "PO1", "CTT", "SE", "GE", "IEA"]);
  });
});
