/** Builds small interchanges for unit tests, one segment per line, `*` `>` `~` delimiters. */

/** ISA with ACMEIND as sender (padded to 15), control number 000000101. */
export const ISA_ACME =
  "ISA*00*          *00*          *ZZ*ACMEIND        *ZZ*EDGEORDERS     *240915*1030*U*00401*000000101*0*P*>~";

/** An ISA whose sender is `sender`, padded to the fixed 15 characters. */
export function isaFrom(sender: string): string {
  return ISA_ACME.replace("ACMEIND        ", sender.padEnd(15, " "));
}

/** A whole interchange from its segments (without terminators). */
export function interchange(...segments: readonly string[]): string {
  return `${segments.map((s) => (s.startsWith("ISA") ? s : `${s}~`)).join("\n")}\n`;
}

/** One group (GS06 101), one 850 (ST02 0001) with the given body; SE01 = body + 2. */
export function wrap850(body: readonly string[], isa: string = ISA_ACME): string {
  return interchange(
    isa,
    "GS*PO*ACMEIND*EDGEORDERS*20240915*1030*101*X*004010",
    "ST*850*0001",
    ...body,
    `SE*${body.length + 2}*0001`,
    "GE*1*101",
    "IEA*1*000000101",
  );
}

/** A minimal sound 850 body. */
export const MINIMAL_850 = ["BEG*00*SA*PO-2024-30001**20240915", "PO1*1*10*EA*595**VP*SKU-4892", "CTT*1"] as const;
