/** How many base64 runs of one text are decoded; more than this in a PO is itself unusual. */
const MAX_BASE64_RUNS = 16;
/** Longest base64 run decoded (characters). */
const MAX_BASE64_RUN = 16_384;

const PERCENT = /%(?:[0-9a-f]{2}|u[0-9a-f]{4})/i;

/** Percent-decodes `text` (UTF-8, plus IIS-style `%uXXXX`); null when there is nothing to decode. */
export function decodeUrl(text: string): string | null {
  if (!PERCENT.test(text)) return null;
  const decoded = text
    .replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        // Invalid UTF-8 (overlong forms and the like): decode the ASCII bytes, keep the rest.
        return run.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      }
    })
    .replace(/%u([0-9a-f]{4})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    // Form encoding spells spaces as `+`; only believable when the text is percent-encoded at all.
    .replace(/\+/g, " ");
  return decoded === text ? null : decoded;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
  nbsp: " ",
  tab: "\t",
  newline: "\n",
  colon: ":",
  semi: ";",
  lpar: "(",
  rpar: ")",
  sol: "/",
  bsol: "\\",
  period: ".",
  equals: "=",
  excl: "!",
  num: "#",
  dollar: "$",
  percnt: "%",
  grave: "`",
  lsqb: "[",
  rsqb: "]",
  lcub: "{",
  rcub: "}",
  verbar: "|",
  vert: "|",
  plus: "+",
  comma: ",",
  quest: "?",
  commat: "@",
  hyphen: "-",
};
// Browsers decode these few without their semicolon; other names need it.
const LEGACY_ENTITIES = new Set(["lt", "gt", "amp", "quot", "apos", "nbsp"]);

/** Decodes HTML character references; null when there is nothing to decode. */
export function decodeHtmlEntities(text: string): string | null {
  if (!text.includes("&")) return null;
  const decoded = text.replace(
    /&(?:#(\d{1,8})|#x([0-9a-f]{1,7})|([a-z][a-z0-9]{1,31}))(;?)/gi,
    (whole, dec: string | undefined, hex: string | undefined, name: string | undefined, semi: string) => {
      if (name !== undefined) {
        const key = name.toLowerCase();
        const value = NAMED_ENTITIES[key];
        return value !== undefined && (semi === ";" || LEGACY_ENTITIES.has(key)) ? value : whole;
      }
      const code = dec !== undefined ? parseInt(dec, 10) : parseInt(hex ?? "", 16);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    },
  );
  return decoded === text ? null : decoded;
}

/** Decodes JavaScript string escapes (`\x3c`, `\u003c`, `\u{3c}`); null when there are none. */
export function decodeJsEscapes(text: string): string | null {
  if (!/\\[xu]/i.test(text)) return null;
  const decoded = text
    .replace(/\\x([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(
      /\\u\{([0-9a-f]{1,6})\}|\\u([0-9a-f]{4})/gi,
      (whole, braced: string | undefined, plain: string | undefined) => {
        const code = parseInt(braced ?? plain ?? "", 16);
        return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      },
    );
  return decoded === text ? null : decoded;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Decoded text worth inspecting: no controls, no replacement characters, mostly words. */
function isPrintable(text: string): boolean {
  if (text.length < 6) return false;
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD]/u.test(text)) return false;
  const wordy = text.match(/[\p{L}\p{N}\s]/gu)?.length ?? 0;
  return wordy / text.length >= 0.5;
}

function decodeBase64(run: string): string | null {
  const standard = run.replace(/=+$/, "").replace(/-/g, "+").replace(/_/g, "/");
  const usable = standard.slice(0, standard.length - (standard.length % 4 === 1 ? 1 : 0));
  try {
    const binary = atob(usable + "=".repeat((4 - (usable.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const text = utf8.decode(bytes);
    return isPrintable(text) ? text : null;
  } catch {
    return null;
  }
}

/**
 * The printable texts hidden in runs of at least 16 base64 (or base64url) characters. A run
 * that picked up a neighbouring word is out of step with its 4-character groups, so each of
 * the first 4 starting offsets is tried.
 */
export function decodeBase64Runs(text: string): string[] {
  const found: string[] = [];
  const runs = text.match(/[A-Za-z0-9+/_-]{16,}={0,2}/g) ?? [];
  for (const run of runs.slice(0, MAX_BASE64_RUNS)) {
    const bounded = run.slice(0, MAX_BASE64_RUN);
    for (let offset = 0; offset < 4 && bounded.length - offset >= 16; offset++) {
      const decoded = decodeBase64(bounded.slice(offset));
      if (decoded !== null) {
        found.push(decoded);
        break;
      }
    }
  }
  return found;
}

/** Every decoded form of `text` (URL, HTML entities, JS escapes, base64 runs), each once. */
export function decodedForms(text: string): string[] {
  const forms = [decodeUrl(text), decodeHtmlEntities(text), decodeJsEscapes(text), ...decodeBase64Runs(text)];
  return [...new Set(forms.filter((f): f is string => f !== null && f !== text))];
}
