import {
  classForms,
  combos,
  inchForms,
  inchSku,
  materialForms,
  materialSku,
  type PartSpec,
  threadForms,
} from "./catalog-format";

const FITTINGS = {
  "90L": { type: "elbow", names: ["90 DEG ELBOW", "90 ELL", "ELBOW 90", "90° Elbow"], base: 4.2 },
  "45L": { type: "elbow", names: ["45 DEG ELBOW", "45 ELL", "ELBOW 45", "45° Elbow"], base: 4.4 },
  TEE: { type: "tee", names: ["TEE", "EQUAL TEE", "Tee"], base: 5.6 },
  CPLG: { type: "coupling", names: ["COUPLING", "FULL COUPLING", "CPLG", "Coupling"], base: 3.1 },
  UN: { type: "union", names: ["UNION", "UNION FTG", "Union"], base: 9.5 },
  CAP: { type: "cap", names: ["CAP", "PIPE CAP", "Cap"], base: 2.6 },
  PLG: { type: "plug", names: ["HEX HEAD PLUG", "PLUG HEX HD", "Hex Plug"], base: 2.2 },
  CRS: { type: "cross", names: ["CROSS", "PIPE CROSS", "Cross"], base: 7.4 },
  NIP: { type: "nipple", names: ["HEX NIPPLE", "NIPPLE HEX", "Hex Nipple"], base: 3.3 },
  BSH: { type: "bushing", names: ["HEX BUSHING", "BUSHING", "Reducing Bushing"], base: 2.9 },
  STL: { type: "street elbow", names: ["STREET ELBOW", "90 STREET ELL", "ST ELL 90"], base: 4.8 },
} as const;
const FITTING_MATERIALS = [
  { material: "ss316", rating: ["CLASS 150", "150#"], factor: 3 },
  { material: "ss304", rating: ["CLASS 150", "150#"], factor: 2.6 },
  { material: "carbon steel", rating: ["3000#", "CLASS 3000 FORGED", "3000 LB FORGED"], factor: 1.9 },
  { material: "brass", rating: ["LEAD FREE", "125#"], factor: 1.6 },
  { material: "galvanized", rating: ["MALLEABLE IRON 150#", "GALV MI 150#"], factor: 1 },
] as const;
const PIPE_SIZES = [0.125, 0.25, 0.375, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4];
const pipeFactor = (s: number) => 0.5 + s ** 1.5;

/** Threaded pipe fittings, NPT throughout and BSP in stainless and brass. */
function pipeFittings(): PartSpec[] {
  const out: PartSpec[] = [];
  for (const [code, fitting] of Object.entries(FITTINGS))
    for (const size of PIPE_SIZES)
      for (const { material, rating, factor } of FITTING_MATERIALS)
        for (const thread of ["npt", "bsp"] as const) {
          if (thread === "bsp" && material !== "ss316" && material !== "brass") continue;
          out.push({
            sku: `FTG-${code}-${inchSku(size)}-${materialSku(material)}-${thread.toUpperCase()}`,
            attributes: { family: "fitting", type: fitting.type, size_in: size, material, thread },
            names: fitting.names,
            fragments: [inchForms(size), materialForms(material), threadForms(thread, "female"), rating],
            basePrice: fitting.base * factor * pipeFactor(size) * (thread === "bsp" ? 1.15 : 1),
          });
        }
  return out;
}

const FLANGES = {
  WN: { names: ["WELD NECK FLANGE", "FLG WN", "WN FLANGE", "Weld Neck Flange"], type: "weld neck flange" },
  SO: { names: ["SLIP ON FLANGE", "FLG SO", "SLIP-ON FLG", "Slip-On Flange"], type: "slip on flange" },
  BL: { names: ["BLIND FLANGE", "FLG BLIND", "BLD FLG", "Blind Flange"], type: "blind flange" },
  SW: { names: ["SOCKET WELD FLANGE", "FLG SW", "SW FLANGE", "Socket Weld Flange"], type: "socket weld flange" },
  THD: { names: ["THREADED FLANGE", "FLG THD", "THRD FLANGE", "Threaded Flange"], type: "threaded flange" },
  LJ: { names: ["LAP JOINT FLANGE", "FLG LJ", "LAP JT FLG", "Lap Joint Flange"], type: "lap joint flange" },
} as const;
const FLANGE_SIZES = [0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4, 6, 8, 10, 12];
const CLASSES = [150, 300, 600] as const;

/** ASME B16.5 raised-face flanges by type, size, class and material. */
function flanges(): PartSpec[] {
  const out: PartSpec[] = [];
  for (const [code, flange] of Object.entries(FLANGES))
    for (const [size, cls] of combos(FLANGE_SIZES, CLASSES))
      for (const material of ["carbon steel", "ss316", "ss304"]) {
        if ((code === "SW" || code === "THD") && size > 4) continue;
        out.push({
          sku: `FLG-${code}-${inchSku(size)}-${cls}-${materialSku(material)}`,
          attributes: {
            family: "flange",
            type: flange.type,
            size_in: size,
            material,
            pressure_class: cls,
            ...(code === "THD" ? { thread: "npt" as const } : {}),
          },
          names: flange.names,
          fragments: [
            inchForms(size),
            classForms(cls),
            ["RF", "RAISED FACE", "R/F"],
            material === "carbon steel"
              ? ["A105", "A105 CS", "CS A105N"]
              : materialForms(material).map((m) => `${m} F${m.includes("304") ? 304 : 316}`),
            code === "WN" || code === "SW" ? ["SCH 40", "STD BORE", "SCH 80"] : ["B16.5", "ASME B16.5"],
          ],
          basePrice:
            16 *
            pipeFactor(size) *
            (cls === 150 ? 1 : cls === 300 ? 1.5 : 2.3) *
            (material === "carbon steel" ? 1 : 2.8),
        });
      }
  return out;
}

/** Spiral wound and sheet flange gaskets, O-rings and mechanical seals. */
function gasketsAndSeals(): PartSpec[] {
  const out: PartSpec[] = [];
  for (const [size, cls] of combos(FLANGE_SIZES, CLASSES))
    for (const winding of ["ss316", "ss304"])
      for (const filler of ["graphite", "ptfe"])
        out.push({
          sku: `GSK-SW-${inchSku(size)}-${cls}-${materialSku(winding)}-${materialSku(filler)}`,
          attributes: { family: "gasket", type: "spiral wound", size_in: size, material: winding, pressure_class: cls },
          names: ["SPIRAL WOUND GASKET", "GSKT SPIRAL WOUND", "SPW GASKET", "Spiral Wound Gasket"],
          fragments: [
            inchForms(size),
            classForms(cls),
            [
              `${materialSku(winding)}/${materialSku(filler)}`,
              `${materialForms(winding)[1]} WINDING ${materialForms(filler)[0]} FILLER`,
            ],
            ["CS OUTER RING", "W/ INNER RING"],
          ],
          basePrice:
            7.5 * pipeFactor(size) * (cls === 150 ? 1 : cls === 300 ? 1.3 : 1.7) * (filler === "ptfe" ? 1.4 : 1),
        });
  for (const [size, cls] of combos(FLANGE_SIZES, [150, 300]))
    for (const material of ["epdm", "nbr", "ptfe", "graphite", "non-asbestos"])
      out.push({
        sku: `GSK-RF-${inchSku(size)}-${cls}-${material === "non-asbestos" ? "NA" : materialSku(material)}`,
        attributes: { family: "gasket", type: "ring", size_in: size, material, pressure_class: cls },
        names: ["RING GASKET", "FLANGE GASKET RF", "GSKT RING", "Ring Gasket"],
        fragments: [
          inchForms(size),
          classForms(cls),
          material === "non-asbestos" ? ["NON-ASBESTOS", "NON ASB"] : materialForms(material),
          ['1/16" THK', '1/8" THICK'],
        ],
        basePrice: 2.4 * pipeFactor(size) * (material === "ptfe" ? 2.2 : 1),
      });
  const dashes = [
    4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 25, 28, 30, 110, 112, 114, 116, 118, 120, 125, 130, 135, 140, 210, 214, 218,
    222, 226, 230, 235, 240, 325, 330, 335, 340, 345, 425, 430, 435,
  ];
  for (const [dash, material] of combos(dashes, ["nbr", "fkm", "epdm", "silicone"]))
    out.push({
      sku: `ORG-${String(dash).padStart(3, "0")}-${materialSku(material)}${material === "fkm" ? "75" : "70"}`,
      attributes: { family: "seal", type: "o-ring", material },
      names: ["O-RING", "ORING", "O RING", "O-Ring"],
      fragments: [
        [`AS568-${String(dash).padStart(3, "0")}`, `-${String(dash).padStart(3, "0")}`, `DASH ${dash}`],
        materialForms(material),
        material === "fkm" ? ["75 DURO", "75A"] : ["70 DURO", "70A"],
      ],
      basePrice: 0.18 + dash / 900 + (material === "fkm" ? 0.6 : material === "silicone" ? 0.4 : 0),
    });
  const shafts = [0.625, 0.75, 0.875, 1, 1.125, 1.25, 1.375, 1.5, 1.625, 1.75, 1.875, 2];
  for (const [shaft, style] of combos(shafts, ["T21", "T1", "CART"]))
    for (const faces of ["CAR-CER", "SIC-SIC"])
      out.push({
        sku: `SEAL-MS-${style}-${inchSku(shaft)}-${faces}`,
        attributes: { family: "seal", type: "mechanical seal", size_in: shaft },
        names: ["MECHANICAL SEAL", "MECH SEAL", "PUMP SEAL", "Mechanical Seal"],
        fragments: [
          inchForms(shaft).map((f) => `${f} SHAFT`),
          [style === "CART" ? "CARTRIDGE" : style === "T21" ? "TYPE 21" : "TYPE 1"],
          faces === "CAR-CER" ? ["CARBON/CERAMIC", "CAR/CER"] : ["SIC/SIC", "SILICON CARBIDE FACES"],
          ["VITON ELASTOMERS", "EPDM ELAST", "BUNA"],
        ],
        basePrice: (style === "CART" ? 260 : 42) * (0.6 + shaft) * (faces === "SIC-SIC" ? 1.8 : 1),
      });
  return out;
}

export function pipingSpecs(): PartSpec[] {
  return [...pipeFittings(), ...flanges(), ...gasketsAndSeals()];
}
