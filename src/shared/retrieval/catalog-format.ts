import type { PartAttributes } from "./catalog.schema";

/**
 * How suppliers write attributes: each helper answers the surface forms one value takes in
 * descriptions (the generator picks one per part), or the compact code it takes in a part number.
 */

/** A generated part before pricing: its number, attributes and the words its description is made of. */
export interface PartSpec {
  sku: string;
  attributes: PartAttributes;
  /** Ways to name the part; one is picked. */
  names: readonly string[];
  /** Attribute fragments in the order a supplier lists them, each as its alternative forms. */
  fragments: readonly (readonly string[])[];
  /** List price before the generator's noise, USD. */
  basePrice: number;
}

const FRACTIONS: Record<string, string> = {
  "0.0625": "1/16",
  "0.125": "1/8",
  "0.1875": "3/16",
  "0.3125": "5/16",
  "0.4375": "7/16",
  "0.5625": "9/16",
  "0.6875": "11/16",
  "0.8125": "13/16",
  "0.9375": "15/16",
  "0.25": "1/4",
  "0.375": "3/8",
  "0.5": "1/2",
  "0.625": "5/8",
  "0.75": "3/4",
  "0.875": "7/8",
};

/** 1.5 → "1-1/2", 0.75 → "3/4", 4 → "4": how inch sizes are written in the trade. */
export function inchText(v: number): string {
  const whole = Math.floor(v);
  const part = FRACTIONS[String(v - whole)];
  if (!part) return String(v);
  return whole === 0 ? part : `${whole}-${part}`;
}

export const inchForms = (v: number): string[] => {
  const t = inchText(v);
  return [`${t}"`, `${t}IN`, `${t} in.`, `${t}-inch`, `${t} INCH`, `${t}"`];
};
export const inchSku = (v: number): string => `${inchText(v)}IN`;
export const mmForms = (v: number): string[] => [`${v}mm`, `${v} MM`, `${v}MM`];

const MATERIAL_FORMS: Record<string, readonly string[]> = {
  ss316: ["SS316", "316SS", "S/S 316", "316 STAINLESS", "Stainless Steel 316", "SST 316"],
  ss304: ["SS304", "304SS", "S/S 304", "304 STAINLESS", "Stainless Steel 304", "SST 304"],
  "carbon steel": ["CS", "C/S", "CARBON STEEL", "Carbon Steel", "CARBON STL"],
  brass: ["BRASS", "BRS", "Brass"],
  bronze: ["BRONZE", "BRZ", "Bronze"],
  "cast iron": ["CI", "CAST IRON", "Cast Iron"],
  "ductile iron": ["DI", "DUCTILE IRON", "Ductile Iron"],
  aluminum: ["ALUM", "ALUMINUM", "AL"],
  polypropylene: ["PP", "POLYPROPYLENE", "Polypro"],
  "alloy steel": ["ALLOY STL", "ALLOY STEEL", "Alloy Steel"],
  galvanized: ["GALV", "GALVANIZED", "Galv"],
  "chrome steel": ["CHROME STEEL", "52100 CHROME", "Chrome Steel"],
  nbr: ["NBR", "BUNA-N", "Nitrile"],
  fkm: ["FKM", "VITON", "Viton"],
  epdm: ["EPDM", "Epdm"],
  ptfe: ["PTFE", "TEFLON", "Ptfe"],
  silicone: ["SILICONE", "SIL", "Silicone"],
  graphite: ["GRAPHITE", "GRAPH", "Flexible Graphite"],
};
export const materialForms = (m: string): readonly string[] => MATERIAL_FORMS[m] ?? [m.toUpperCase()];
const MATERIAL_SKU: Record<string, string> = {
  ss316: "SS316",
  ss304: "SS304",
  "carbon steel": "CS",
  brass: "BRS",
  bronze: "BRZ",
  "cast iron": "CI",
  "ductile iron": "DI",
  aluminum: "AL",
  polypropylene: "PP",
  "alloy steel": "AS",
  galvanized: "GALV",
  "chrome steel": "CR",
  nbr: "NBR",
  fkm: "FKM",
  epdm: "EPDM",
  ptfe: "PTFE",
  silicone: "SIL",
  graphite: "GR",
};
export const materialSku = (m: string): string => MATERIAL_SKU[m] ?? m.toUpperCase();

export const classForms = (c: number): string[] => [`CL${c}`, `${c}#`, `CLASS ${c}`, `${c} LB`, `ANSI ${c}`];
export const psiForms = (p: number): string[] => [`${p} PSI`, `${p}PSI`, `${p} PSIG`];

export const hpForms = (hp: number): string[] => {
  const t = hp < 1 || FRACTIONS[String(hp - Math.floor(hp))] ? inchText(hp) : String(hp);
  return [`${t}HP`, `${t} HP`, `${hp}HP`];
};
export const voltForms = (vs: readonly number[]): string[] => {
  const joined = vs.join("/");
  return [`${joined}V`, `${joined} VAC`, `${joined}V`, `${vs.join("-")}V`];
};
export const threadForms = (t: "npt" | "bsp", gender: "" | "female" | "male" = ""): string[] => {
  if (t === "bsp") return ["BSP", "BSPT", "BSPP"];
  if (gender === "female") return ["FNPT", "FPT", "NPT(F)", "NPT FEMALE"];
  if (gender === "male") return ["MNPT", "MPT", "NPT(M)", "NPT MALE"];
  return ["NPT", "THD NPT", "NPT"];
};

/** Every combination of the given lists, in order (the families enumerate their ranges with it). */
export function combos<A, B>(as: readonly A[], bs: readonly B[]): [A, B][] {
  return as.flatMap((a) => bs.map((b): [A, B] => [a, b]));
}
