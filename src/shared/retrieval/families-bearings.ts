import { inchForms, materialForms, mmForms, type PartSpec } from "./catalog-format";

/** The ISO bore code: 00-03 are 10, 12, 15 and 17 mm; from 04 on, five times the code. */
export const boreMm = (code: number): number => [10, 12, 15, 17][code] ?? code * 5;
const pad = (n: number) => String(n).padStart(2, "0");
const boreFactor = (mm: number) => 0.5 + (mm / 25) ** 1.6;

const SEALS = {
  "2RS": ["2RS", "RUBBER SEALED", "2RS SEALED", "Double Rubber Seal"],
  ZZ: ["ZZ", "METAL SHIELDED", "2Z SHIELDED", "Double Shield"],
  OPEN: ["OPEN", "OPEN TYPE"],
} as const;

/** Deep groove ball bearings 60xx/62xx/63xx in chrome steel, and the 62xx stainless series. */
function ballBearings(): PartSpec[] {
  const out: PartSpec[] = [];
  for (const series of [60, 62, 63, 68, 69])
    for (let code = 0; code <= 20; code++)
      for (const seal of ["2RS", "ZZ", "OPEN"] as const) {
        if ((series === 68 || series === 69) && seal === "ZZ") continue;
        const mm = boreMm(code);
        const number = `${series}${pad(code)}`;
        out.push({
          sku: `BRG-${number}${seal === "OPEN" ? "" : `-${seal}`}`,
          attributes: { family: "bearing", type: "ball", size_mm: mm, material: "chrome steel" },
          names: ["DEEP GROOVE BALL BEARING", "BALL BRG", "BRG BALL", "Ball Bearing", "RADIAL BALL BRG"],
          fragments: [
            [number, `${number}${seal === "OPEN" ? "" : `-${seal}`}`],
            mmForms(mm).map((f) => `${f} BORE`),
            SEALS[seal],
          ],
          basePrice: (series === 63 ? 9 : series === 62 ? 6.5 : 5) * boreFactor(mm),
        });
      }
  for (let code = 0; code <= 20; code++)
    for (const material of ["ss304", "ss316"]) {
      const mm = boreMm(code);
      out.push({
        sku: `BRG-S62${pad(code)}-2RS${material === "ss316" ? "-316" : ""}`,
        attributes: { family: "bearing", type: "ball", size_mm: mm, material },
        names: ["STAINLESS BALL BEARING", "SS BALL BRG", "BRG BALL STAINLESS", "Stainless Steel Ball Bearing"],
        fragments: [
          [`S62${pad(code)}-2RS`, `62${pad(code)}`],
          mmForms(mm).map((f) => `${f} BORE`),
          materialForms(material),
          SEALS["2RS"],
        ],
        basePrice: 19 * boreFactor(mm) * (material === "ss316" ? 1.3 : 1),
      });
    }
  return out;
}

/** Tapered, cylindrical and spherical roller bearings by ISO series and bore code. */
function rollerBearings(): PartSpec[] {
  const out: PartSpec[] = [];
  for (const series of ["302", "303", "320", "322"])
    for (let code = 3; code <= 20; code++) {
      const mm = boreMm(code);
      out.push({
        sku: `BRG-TR-${series}${pad(code)}`,
        attributes: { family: "bearing", type: "tapered roller", size_mm: mm, material: "chrome steel" },
        names: ["TAPERED ROLLER BEARING", "TAPER ROLLER BRG", "BRG TAPERED ROLLER", "Tapered Roller Bearing"],
        fragments: [
          [`${series}${pad(code)}`, `${series}${pad(code)} CUP & CONE`],
          mmForms(mm).map((f) => `${f} BORE`),
          ["CUP/CONE SET", "METRIC"],
        ],
        basePrice: 14 * boreFactor(mm) * (series === "303" ? 1.4 : 1),
      });
    }
  for (const prefix of ["NU", "NJ", "NUP", "N"])
    for (const series of ["2", "3"])
      for (let code = 4; code <= 20; code++) {
        const mm = boreMm(code);
        const number = `${prefix}${series}${pad(code)}`;
        out.push({
          sku: `BRG-${number}-ECP`,
          attributes: { family: "bearing", type: "cylindrical roller", size_mm: mm, material: "chrome steel" },
          names: ["CYLINDRICAL ROLLER BEARING", "CYL ROLLER BRG", "BRG ROLLER CYL", "Cylindrical Roller Bearing"],
          fragments: [
            [number, `${number} ECP`],
            mmForms(mm).map((f) => `${f} BORE`),
            ["POLYAMIDE CAGE", "BRASS CAGE", "C3"],
          ],
          basePrice: 21 * boreFactor(mm) * (series === "3" ? 1.35 : 1),
        });
      }
  for (const series of ["222", "223", "230", "231"])
    for (let code = 8; code <= 30; code += 1)
      for (const bore of ["", "K"]) {
        const mm = boreMm(code);
        const number = `${series}${pad(code)}${bore}`;
        out.push({
          sku: `BRG-${number}-E`,
          attributes: { family: "bearing", type: "spherical roller", size_mm: mm, material: "chrome steel" },
          names: ["SPHERICAL ROLLER BEARING", "SPH ROLLER BRG", "BRG SPHERICAL", "Spherical Roller Bearing"],
          fragments: [
            [number, `${number} E`],
            mmForms(mm).map((f) => `${f} BORE`),
            bore === "K" ? ["TAPERED BORE", "K BORE 1:12"] : ["CYL BORE", "STRAIGHT BORE"],
          ],
          basePrice: 48 * boreFactor(mm),
        });
      }
  return out;
}

// Inch bores of mounted units by insert: UC204-12 is 3/4", UC205-16 is 1"...
const INSERTS: readonly [number, number][] = [
  [204, 0.75],
  [205, 0.875],
  [205, 1],
  [206, 1.125],
  [206, 1.25],
  [207, 1.25],
  [207, 1.375],
  [207, 1.4375],
  [208, 1.5],
  [209, 1.75],
  [210, 1.875],
  [210, 2],
  [211, 2.1875],
  [212, 2.25],
  [212, 2.4375],
  [213, 2.5],
  [215, 2.9375],
  [215, 3],
  [216, 3],
  [217, 3.4375],
];
const HOUSINGS = {
  UCP: ["PILLOW BLOCK", "PILLOW BLOCK BRG", "P/B BRG", "Pillow Block Bearing"],
  UCF: ["4-BOLT FLANGE BRG", "FLANGE BLOCK 4 BOLT", "4 Bolt Flange Bearing"],
  UCFL: ["2-BOLT FLANGE BRG", "FLANGE BLOCK 2 BOLT", "2 Bolt Flange Bearing"],
  UCT: ["TAKE-UP BRG", "TAKE UP UNIT", "Take-Up Bearing"],
} as const;

/** Mounted units (pillow block, flange, take-up) with inch set-screw inserts. */
function mountedBearings(): PartSpec[] {
  const out: PartSpec[] = [];
  for (const [housing, names] of Object.entries(HOUSINGS))
    for (const [insert, inches] of INSERTS)
      for (const material of ["cast iron", "ss304", "polypropylene"]) {
        const dash = Math.round(inches * 16);
        const number = `${housing}${insert}-${dash}`;
        const suffix = material === "cast iron" ? "" : material === "ss304" ? "-SS" : "-TP";
        out.push({
          sku: `BRG-${number}${suffix}`,
          attributes: {
            family: "bearing",
            type: housing === "UCP" ? "pillow block" : housing === "UCT" ? "take-up" : "flange block",
            size_in: inches,
            material,
          },
          names,
          fragments: [
            [number, `${housing} ${insert}-${dash}`],
            inchForms(inches).map((f) => `${f} BORE`),
            materialForms(material).map((m) => `${m} HSG`),
            ["SET SCREW LOCK", "GREASE FITTING"],
          ],
          basePrice: 24 * (0.6 + inches) * (material === "cast iron" ? 1 : material === "ss304" ? 2.6 : 1.4),
        });
      }
  return out;
}

export function bearingSpecs(): PartSpec[] {
  return [...ballBearings(), ...rollerBearings(), ...mountedBearings()];
}
