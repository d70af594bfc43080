/**
 * Characters with no place in purchasing text: C0 controls other than tab, LF and CR; DEL;
 * C1 controls; bidi embeddings, overrides and isolates (they reorder what a reviewer sees);
 * zero-width characters (they split keywords so filters miss them).
 */
const CONTROL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200B-\u200D\u2060\uFEFF]/gu;

// Invisible format characters that legitimately occur (soft hyphen, LRM/RLM) are not reported,
// but they can still split a keyword, so they go before matching too.
// biome-ignore lint/suspicious/noMisleadingCharacterClass: each code point is one target of its own; the combining grapheme joiner among them is meant alone.
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200E\u200F\u2061-\u2064\u3164\uFFA0]/gu;

/** The control characters in `text`, as distinct `U+XXXX` code points in order of appearance. */
export function controlCharacters(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(CONTROL)) {
    seen.add(`U+${(m[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`);
  }
  return [...seen];
}

/** `text` without control or invisible characters, NFKC-normalised (fullwidth and math forms to ASCII). */
export function cleanForMatching(text: string): string {
  return text.replace(CONTROL, "").replace(INVISIBLE, "").normalize("NFKC");
}

// Letters NFKC leaves alone that look like Latin ones (Unicode confusables, the common subset).
const CONFUSABLES: Readonly<Record<string, string>> = {
  // Cyrillic
  а: "a",
  в: "b",
  е: "e",
  ё: "e",
  і: "i",
  ї: "i",
  ј: "j",
  к: "k",
  м: "m",
  н: "h",
  о: "o",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  ѕ: "s",
  ԁ: "d",
  һ: "h",
  ԛ: "q",
  ԝ: "w",
  ӏ: "l",
  ɡ: "g",
  А: "A",
  В: "B",
  Е: "E",
  Ё: "E",
  І: "I",
  Ї: "I",
  Ј: "J",
  К: "K",
  М: "M",
  Н: "H",
  О: "O",
  Р: "P",
  С: "C",
  Т: "T",
  У: "Y",
  Х: "X",
  Ѕ: "S",
  Ԁ: "D",
  Һ: "H",
  Ԛ: "Q",
  Ԝ: "W",
  Ӏ: "I",
  // Greek
  Α: "A",
  Β: "B",
  Ε: "E",
  Ζ: "Z",
  Η: "H",
  Ι: "I",
  Κ: "K",
  Μ: "M",
  Ν: "N",
  Ο: "O",
  Ρ: "P",
  Τ: "T",
  Υ: "Y",
  Χ: "X",
  α: "a",
  ι: "i",
  κ: "k",
  ν: "v",
  ο: "o",
  ρ: "p",
  υ: "u",
  χ: "x",
  // Latin letters that are not ASCII but read as ASCII
  ı: "i",
  ȷ: "j",
  ɑ: "a",
  ɩ: "i",
  ʏ: "y",
  ᴄ: "c",
  ᴏ: "o",
  ᴠ: "v",
  ᴡ: "w",
  ᴢ: "z",
  // Armenian
  օ: "o",
  ս: "u",
  ց: "g",
  հ: "h",
  ո: "n",
  // Small capitals
  ᴀ: "a",
  ʙ: "b",
  ᴅ: "d",
  ᴇ: "e",
  ꜰ: "f",
  ɢ: "g",
  ʜ: "h",
  ɪ: "i",
  ᴊ: "j",
  ᴋ: "k",
  ʟ: "l",
  ᴍ: "m",
  ɴ: "n",
  ᴘ: "p",
  ʀ: "r",
  ꜱ: "s",
  ᴛ: "t",
  ᴜ: "u",
};

const isAsciiLetter = (ch: string) => (ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z");

/**
 * Maps look-alike letters to ASCII inside words made only of ASCII letters and look-alikes
 * ("іgnоrе" with Cyrillic і, о, е). Words with other letters are real Cyrillic, Greek, … text
 * and stay as they are, so Russian or Greek prose does not turn into Latin gibberish.
 */
export function foldConfusables(text: string): string {
  return text.replace(/[\p{L}\p{M}]+/gu, (word) => {
    let folded = "";
    let changed = false;
    for (const ch of word) {
      const latin = CONFUSABLES[ch];
      if (latin !== undefined) {
        folded += latin;
        changed = true;
      } else if (isAsciiLetter(ch)) folded += ch;
      else return word;
    }
    return changed ? folded : word;
  });
}

/**
 * SQL comments read as whitespace by SQL engines, so `UNION/**\/SELECT` is `UNION SELECT`;
 * MySQL runs the body of a versioned comment (`/*!50000SELECT*\/`), so its body is kept.
 */
export function stripSqlComments(text: string): string {
  return text.replace(/\/\*!\d*([\s\S]*?)\*\//g, " $1 ").replace(/\/\*[\s\S]*?\*\//g, " ");
}

const LEET: Readonly<Record<string, string>> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "@": "a",
  $: "s",
};

/**
 * Undoes cheap ways of spelling a phrase so keyword filters miss it: `ignore-previous_rules`,
 * `i g n o r e`, `1gn0r3`. Digits are read as letters only inside words that also hold
 * letters, so quantities, dates and part numbers stay as they are.
 */
export function loosenSpelling(text: string): string {
  return text
    .replace(/(?<=\p{L})[-_.~*+](?=\p{L})/gu, " ")
    .replace(/(?<![\p{L}\p{N}])\p{L}(?:[ .]\p{L}){3,}(?![\p{L}\p{N}])/gu, (run) => run.replace(/[ .]/g, ""))
    .replace(/[\p{L}\p{N}@$]{3,}/gu, (word) =>
      /\p{L}/u.test(word) && /[013457@$]/.test(word) ? word.replace(/[013457@$]/g, (c) => LEET[c] ?? c) : word,
    );
}

/** The forms of already-cleaned text every rule is matched against, without duplicates. */
export function matchViews(clean: string): string[] {
  const folded = foldConfusables(clean);
  return [...new Set([clean, folded, stripSqlComments(folded), loosenSpelling(folded)])];
}
