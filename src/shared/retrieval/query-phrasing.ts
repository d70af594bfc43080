import { inchText } from "./catalog-format";
import type { PartAttributes } from "./catalog.schema";
import type { Rng } from "./prng";

/**
 * How buyers write what they want, for the labelled query set: the same attribute in plain words,
 * in the trade's abbreviations, or in another unit spelling than the catalog's. Kept apart from
 * the catalog's own forms (catalog-format.ts) so queries do not merely copy descriptions.
 */
export type Style = "plain" | "abbreviated" | "units";

const TYPE_WORDS: Record<string, [plain: string, abbreviated: string]> = {
  ball: ["ball valve", "ball vlv"],
  gate: ["gate valve", "gate vlv"],
  globe: ["globe valve", "globe vlv"],
  check: ["check valve", "chk vlv"],
  butterfly: ["butterfly valve", "bfly vlv"],
  relief: ["pressure relief valve", "PRV"],
  solenoid: ["solenoid valve", "sol vlv"],
  elbow: ["elbow", "ell"],
  tee: ["tee", "tee"],
  coupling: ["coupling", "cplg"],
  union: ["union", "union"],
  cap: ["pipe cap", "cap"],
  plug: ["hex plug", "plug"],
  cross: ["cross", "cross"],
  nipple: ["hex nipple", "nip"],
  bushing: ["bushing", "bsh"],
  "street elbow": ["street elbow", "street ell"],
  "weld neck flange": ["weld neck flange", "WN flg"],
  "slip on flange": ["slip on flange", "SO flg"],
  "blind flange": ["blind flange", "blind flg"],
  "socket weld flange": ["socket weld flange", "SW flg"],
  "threaded flange": ["threaded flange", "thd flg"],
  "lap joint flange": ["lap joint flange", "LJ flg"],
  "spiral wound": ["spiral wound gasket", "spiral wound gskt"],
  ring: ["ring gasket", "ring gskt"],
  camlock: ["camlock coupling", "cam lock"],
  "y-strainer": ["y strainer", "wye strainer"],
  centrifugal: ["centrifugal pump", "centrifugal pmp"],
  "electric motor": ["electric motor", "mtr"],
  "valve assembly": ["valve assembly", "valve assy"],
  "hydraulic pump motor": ["hydraulic pump motor", "hyd pump mtr"],
};

export const phrasedTypes = (): string[] => Object.keys(TYPE_WORDS);

const MATERIAL_WORDS: Record<string, [plain: string, abbreviated: string]> = {
  ss316: ["stainless steel 316", "SS316"],
  ss304: ["stainless 304", "304SS"],
  "carbon steel": ["carbon steel", "CS"],
  brass: ["brass", "brs"],
  bronze: ["bronze", "brz"],
  "cast iron": ["cast iron", "CI"],
  "ductile iron": ["ductile iron", "DI"],
  aluminum: ["aluminum", "alum"],
  polypropylene: ["polypropylene", "PP"],
  galvanized: ["galvanized", "galv"],
};

export function typeWords(type: string, style: Style): string {
  const words = TYPE_WORDS[type] ?? [type, type];
  return style === "abbreviated" ? words[1] : words[0];
}

function sizeWords(inches: number, style: Style, rng: Rng): string {
  if (style === "units") {
    const decimal = String(inches);
    return rng.pick([`${decimal} inch`, `${inchText(inches)} in`, `${decimal}-inch`, `${decimal} inches`]);
  }
  return style === "abbreviated" ? `${inchText(inches)}"` : `${inchText(inches)} inch`;
}

/** The words for each attribute a query names, in the catalog's natural order. */
export function attributeWords(a: PartAttributes, keys: readonly string[], style: Style, rng: Rng): string[] {
  const out: string[] = [];
  for (const key of keys) {
    if (key === "size_in" && a.size_in !== undefined) out.push(sizeWords(a.size_in, style, rng));
    if (key === "material" && a.material !== undefined) {
      const words = MATERIAL_WORDS[a.material] ?? [a.material, a.material];
      out.push(style === "abbreviated" ? words[1] : words[0]);
    }
    if (key === "pressure_class" && a.pressure_class !== undefined)
      out.push(
        style === "abbreviated"
          ? `${a.pressure_class}#`
          : style === "units"
            ? `${a.pressure_class} lb`
            : `class ${a.pressure_class}`,
      );
    if (key === "pressure_psi" && a.pressure_psi !== undefined)
      out.push(style === "plain" ? `${a.pressure_psi} psi` : `${a.pressure_psi}psi`);
    if (key === "power_hp" && a.power_hp !== undefined)
      out.push(
        style === "units"
          ? `${a.power_hp} horsepower`
          : style === "abbreviated"
            ? `${a.power_hp}hp`
            : `${a.power_hp} hp`,
      );
    if (key === "voltage" && a.voltage !== undefined)
      out.push(style === "units" ? `${a.voltage.at(-1)} volt` : `${a.voltage.at(-1)}V`);
    if (key === "thread" && a.thread !== undefined) out.push(a.thread.toUpperCase());
  }
  return out;
}

/** One deterministic typo in the longest word of five letters or more: a drop, a swap or a double. */
export function misspell(text: string, rng: Rng): string {
  const words = text.split(" ");
  const candidates = words.map((w, i) => [w, i] as const).filter(([w]) => /^[a-z]{5,}$/i.test(w));
  if (candidates.length === 0) return text;
  const [word, index] = candidates.sort((a, b) => b[0].length - a[0].length)[
    rng.int(0, Math.min(1, candidates.length - 1))
  ]!;
  const at = rng.int(1, word.length - 2);
  // Swapping two equal letters changes nothing: drop one instead.
  const drawn = rng.int(0, 2);
  const kind = drawn === 1 && word[at] === word[at + 1] ? 0 : drawn;
  const typo =
    kind === 0
      ? word.slice(0, at) + word.slice(at + 1)
      : kind === 1
        ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2)
        : word.slice(0, at) + word[at] + word.slice(at);
  words[index] = typo;
  return words.join(" ");
}
