/**
 * A written number: optional minus, optional thousands separators ("1,200"), optional
 * decimals. The look-behind keeps it from starting inside another number or word, except
 * after "x" ("x50").
 */
export const NUMBER = String.raw`(?<![A-WYZa-wyz0-9_.,])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\d|,\d)`;

/** The value of a string matched by {@link NUMBER}. */
export function parseNumber(text: string): number {
  return Number(text.replace(/,/g, ""));
}

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

/** "fifty", "twenty-five", "one hundred and twenty", "two thousand": the value, or null. */
export function wordsToNumber(words: string): number | null {
  const tokens = words
    .toLowerCase()
    .split(/[\s-]+/)
    .filter((t) => t !== "" && t !== "and");
  if (tokens.length === 0) return null;
  let total = 0;
  let current = 0;
  let seen = false;
  for (const token of tokens) {
    const unit = UNITS[token] ?? TENS[token];
    if (unit !== undefined) {
      current += unit;
    } else if (token === "hundred" && current > 0) {
      current *= 100;
    } else if (token === "thousand" && current > 0) {
      total += current * 1000;
      current = 0;
    } else {
      return null;
    }
    seen = true;
  }
  return seen ? total + current : null;
}

/** The value of the longest run of trailing words that spells a number ("please send fifty" → 50). */
export function trailingWordsNumber(text: string): number | null {
  const words = text.trim().split(/\s+/);
  for (let start = 0; start < words.length; start++) {
    const value = wordsToNumber(words.slice(start).join(" "));
    if (value !== null) return value;
  }
  return null;
}

const MONTH = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;

/** A date as buyers write it: ISO, US `MM/DD/YYYY`, "Nov 1, 2024" or "1 November 2024". */
export const DATE =
  String.raw`(?:\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b` +
  String.raw`|\b${MONTH}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b` +
  String.raw`|\b\d{1,2}(?:st|nd|rd|th)?\s+${MONTH}\.?,?\s+\d{4}\b)`;

const MONTH_INDEX = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * The ISO form of a string matched by {@link DATE}, or null when it is no calendar date
 * (2024-02-30, 13/01/2024). Slashed dates are read as US month/day, the form the brief names.
 */
export function parseDate(text: string): string | null {
  const t = text.trim().toLowerCase();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (m) return isoDate(Number(m[3]), Number(m[1]), Number(m[2]));
  m = /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(t);
  if (m) return isoDate(Number(m[3]), MONTH_INDEX.indexOf((m[1] ?? "").slice(0, 3)) + 1, Number(m[2]));
  m = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$/.exec(t);
  if (m) return isoDate(Number(m[3]), MONTH_INDEX.indexOf((m[2] ?? "").slice(0, 3)) + 1, Number(m[1]));
  return null;
}
