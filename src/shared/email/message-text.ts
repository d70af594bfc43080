/** An e-mail body split into what its author wrote and what is only a signature. */
export interface MessageText {
  /**
   * The author's lines and any forwarded message's lines, whitespace-collapsed and trimmed,
   * with quoted replies, forwarded headers, greetings and the signature removed. Blank lines
   * are kept as "" because they end a table.
   */
  lines: string[];
  /** Signature lines: never notes, PO numbers or line items, but they may name the company. */
  signature: string[];
}

const HTML_BLOCK = /<\s*\/?\s*(?:br|p|div|tr|li|ul|ol|h[1-6]|table|tbody|thead|blockquote)(?=[\s/>])[^<>]*>/gi;
const HTML_CELL_GAP = /<\s*\/\s*t[dh]\s*>\s*<\s*t[dh](?=[\s/>])[^<>]*>/gi;
// Only tag-shaped text: `<dana@acme.example>` in a forwarded header is not a tag.
const HTML_TAG = /<\s*\/?\s*[a-z][a-z0-9]*(?=[\s/>])[^<>]*>/gi;
const ENTITIES: Record<string, string> = { nbsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

const SIGNATURE_DELIMITER = /^--[ \t]*$/;
const QUOTED = /^\s*>/;
const REPLY_ATTRIBUTION = /^On\b.{0,200}\bwrote:$/i;
const ORIGINAL_MESSAGE = /^-{2,}\s*Original Message\s*-{2,}$/i;
const FORWARD_MARKER = /^(?:-{2,}\s*Forwarded message\s*-{2,}|Begin forwarded message:?)$/i;
const FORWARD_HEADER = /^(?:from|to|cc|bcc|date|sent|subject|reply-to):/i;
const GREETING =
  /^(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening))(?:\s+[A-Za-z.'-]+){0,3}\s*[,!:.]?$/i;
const CLOSING = new RegExp(
  "^(?:thanks|thank you|many thanks|thx|regards|best|best regards|kind regards|warm regards|cheers" +
    String.raw`|sincerely|yours truly)(?:\s*,)?(?:\s+[A-Z][A-Za-z.'-]*)?\s*[.!,]?$`,
  "i",
);

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d{1,6});/g, (m, code: string) => {
      const n = Number(code);
      return n >= 32 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
    })
    .replace(/&([a-z]+);/gi, (m, name: string) => ENTITIES[name.toLowerCase()] ?? m);
}

/** Turns HTML-ish mail into text lines: blocks become line breaks, table cells ` | `. */
export function htmlToText(body: string): string {
  if (!/<\s*\/?\s*[a-z]/i.test(body)) return decodeEntities(body);
  return decodeEntities(body.replace(HTML_CELL_GAP, " | ").replace(HTML_BLOCK, "\n").replace(HTML_TAG, " "));
}

/** Trims a line, turns inner tabs into table cell gaps and collapses runs of spaces. */
export function normaliseLine(line: string): string {
  return line
    .replace(/[\u00a0\u2000-\u200b\u3000]/g, " ")
    .trim()
    .replace(/\t+/g, " | ")
    .replace(/ {2,}/g, " ");
}

/**
 * Splits a body into the author's lines and the signature. Quoted replies (`>` lines, "On …
 * wrote:", "Original Message" and everything after it) are dropped: they repeat older mail,
 * which may name other POs. A forwarded message is content: the buyer's PO is often in it.
 */
export function messageText(body: string): MessageText {
  const raw = htmlToText(body.replace(/\r\n?/g, "\n")).split("\n");
  const lines: string[] = [];
  const signature: string[] = [];
  let inSignature = false;
  let inForwardHeader = false;
  for (const rawLine of raw) {
    if (ORIGINAL_MESSAGE.test(rawLine.trim())) break;
    if (FORWARD_MARKER.test(rawLine.trim())) {
      inSignature = false;
      inForwardHeader = true;
      continue;
    }
    if (QUOTED.test(rawLine)) continue;
    const line = normaliseLine(rawLine);
    if (inForwardHeader) {
      if (line === "") inForwardHeader = false;
      if (line === "" || FORWARD_HEADER.test(line)) continue;
      inForwardHeader = false;
    }
    if (inSignature) {
      if (line !== "") signature.push(line);
      continue;
    }
    if (SIGNATURE_DELIMITER.test(rawLine.trim()) || CLOSING.test(line)) {
      inSignature = true;
      continue;
    }
    if (REPLY_ATTRIBUTION.test(line) || GREETING.test(line)) continue;
    lines.push(line);
  }
  return { lines, signature };
}
