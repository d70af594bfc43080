import {
  combos,
  inchForms,
  inchSku,
  inchText,
  materialForms,
  materialSku,
  type PartSpec,
  threadForms,
} from "./catalog-format";

const UNC: readonly [number, number][] = [
  [0.25, 20],
  [0.3125, 18],
  [0.375, 16],
  [0.4375, 14],
  [0.5, 13],
  [0.625, 11],
  [0.75, 10],
  [0.875, 9],
  [1, 8],
];
const GRADES = {
  GR5: { material: "carbon steel", forms: ["GR5 ZP", "GRADE 5 ZINC", "GR 5 ZINC PLATED"], factor: 1 },
  GR8: { material: "alloy steel", forms: ["GR8 YZ", "GRADE 8 YELLOW ZINC", "GR 8"], factor: 1.6 },
  SS304: { material: "ss304", forms: ["18-8 SS", "SS304", "304 STAINLESS"], factor: 2.4 },
  SS316: { material: "ss316", forms: ["SS316", "316 SS", "316 STAINLESS"], factor: 3.5 },
} as const;

/** Inch and metric hex cap screws, B7 stud bolts, nuts and washers. */
function fasteners(): PartSpec[] {
  const out: PartSpec[] = [];
  for (const [dia, tpi] of UNC)
    for (const length of [0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6]) {
      if (length < dia * 2) continue;
      for (const [grade, g] of Object.entries(GRADES))
        out.push({
          sku: `FST-HCS-${inchText(dia)}-${tpi}X${inchText(length)}-${grade}`,
          attributes: { family: "fastener", type: "hex cap screw", size_in: dia, material: g.material },
          names: ["HEX CAP SCREW", "HCS", "HEX HD CAP SCR", "HEX BOLT", "Hex Cap Screw"],
          fragments: [
            [`${inchText(dia)}-${tpi} X ${inchText(length)}`, `${inchText(dia)}"-${tpi} X ${inchText(length)}"`],
            ["UNC", "COARSE THD"],
            g.forms,
          ],
          basePrice: 0.22 * (dia * 4) ** 1.6 * (1 + length / 3) * g.factor,
        });
    }
  for (const [dia, length] of combos([6, 8, 10, 12, 16, 20, 24], [16, 20, 25, 30, 40, 50, 60, 80]))
    for (const [grade, material] of [
      ["8.8", "carbon steel"],
      ["10.9", "alloy steel"],
      ["A2-70", "ss304"],
      ["A4-80", "ss316"],
    ] as const)
      out.push({
        sku: `FST-HB-M${dia}X${length}-${grade}`,
        attributes: { family: "fastener", type: "hex cap screw", size_mm: dia, material },
        names: ["HEX BOLT METRIC", "HEX HD BOLT", "METRIC HEX CAP SCREW", "Hex Bolt"],
        fragments: [
          [`M${dia} X ${length}`, `M${dia}x${length}MM`],
          [`CL ${grade}`, grade, `PROPERTY CLASS ${grade}`],
          ["DIN 933", "ISO 4017", "FULL THD"],
        ],
        basePrice:
          0.15 * (dia / 6) ** 1.8 * (1 + length / 60) * (material === "ss316" ? 3.4 : material === "ss304" ? 2.4 : 1),
      });
  for (const [dia, length] of combos([0.5, 0.625, 0.75, 0.875, 1, 1.125, 1.25], [2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 7, 8]))
    out.push({
      sku: `FST-STUD-${inchText(dia)}X${inchText(length)}-B7`,
      attributes: { family: "fastener", type: "stud bolt", size_in: dia, material: "alloy steel" },
      names: ["STUD BOLT", "ALL THREAD STUD", "STUD W/ 2 NUTS", "Stud Bolt"],
      fragments: [
        [`${inchText(dia)} X ${inchText(length)}`, `${inchText(dia)}" X ${inchText(length)}" LG`],
        ["B7", "A193 B7", "ASTM A193-B7"],
        ["2H NUTS", "W/ 2 HVY HEX NUTS"],
      ],
      basePrice: 1.1 * (dia * 3) ** 1.7 * (1 + length / 4),
    });
  for (const [dia, tpi] of UNC)
    for (const [grade, g] of Object.entries(GRADES))
      for (const kind of ["NUT", "WSHR"] as const)
        out.push({
          sku: `FST-${kind}-${inchText(dia)}-${grade}`,
          attributes: {
            family: "fastener",
            type: kind === "NUT" ? "hex nut" : "flat washer",
            size_in: dia,
            material: g.material,
          },
          names:
            kind === "NUT"
              ? ["HEX NUT", "FINISHED HEX NUT", "Hex Nut"]
              : ["FLAT WASHER", "FLAT WSHR", "USS Flat Washer"],
          fragments: [
            kind === "NUT" ? [`${inchText(dia)}-${tpi}`, `${inchText(dia)}"-${tpi} UNC`] : inchForms(dia),
            g.forms,
          ],
          basePrice: 0.06 * (dia * 4) ** 1.5 * g.factor * (kind === "NUT" ? 1 : 0.5),
        });
  return out;
}

const DASH = [4, 6, 8, 10, 12, 16, 20, 24, 32];
const dashInches = (d: number) => d / 16;

/** Hydraulic hose and crimp fittings, camlock couplings and quick disconnects. */
function hoseAndCouplings(): PartSpec[] {
  const out: PartSpec[] = [];
  for (const [spec, dash] of combos(["100R1", "100R2", "100R12", "4SH"], DASH)) {
    if (spec === "4SH" && dash < 12) continue;
    out.push({
      sku: `HSE-${spec}-${String(dash).padStart(2, "0")}`,
      attributes: { family: "hose", type: "hydraulic hose", size_in: dashInches(dash) },
      names: ["HYDRAULIC HOSE", "HYD HOSE", "HOSE HYDRAULIC", "Hydraulic Hose"],
      fragments: [
        [`SAE ${spec}`, spec, `SAE ${spec}AT`],
        [`-${dash}`, `DASH ${dash}`, ...inchForms(dashInches(dash)).map((f) => `${f} ID`)],
        ["PER FT", "SOLD BY THE FOOT", "/FT"],
      ],
      basePrice: 1.6 * (0.6 + dashInches(dash)) ** 1.4 * (spec === "100R1" ? 1 : spec === "100R2" ? 1.35 : 2),
    });
  }
  for (const [end, dash] of combos(["JIC-F", "NPT-M", "ORFS-F"], DASH))
    for (const angle of ["STR", "45", "90"])
      out.push({
        sku: `HSF-${end}-${String(dash).padStart(2, "0")}-${angle}`,
        attributes: {
          family: "hose",
          type: "hose fitting",
          size_in: dashInches(dash),
          material: "carbon steel",
          ...(end === "NPT-M" ? { thread: "npt" as const } : {}),
        },
        names: ["CRIMP HOSE FITTING", "HOSE END CRIMP", "HYD FITTING CRIMP", "Crimp Fitting"],
        fragments: [
          [end.replace("-F", " FEMALE SWIVEL").replace("-M", " MALE"), end],
          [`-${dash}`, `DASH ${dash}`],
          angle === "STR" ? ["STRAIGHT", "STR"] : [`${angle} DEG`, `${angle}° ELBOW`],
        ],
        basePrice: 3.2 * (0.6 + dashInches(dash)) ** 1.3 * (angle === "STR" ? 1 : 1.5),
      });
  const camSizes = [0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 6];
  for (const [type, size] of combos(["A", "B", "C", "D", "E", "F", "DC", "DP"], camSizes))
    for (const material of ["aluminum", "ss316", "brass", "polypropylene"])
      out.push({
        sku: `CPL-CAM-${type}-${inchSku(size)}-${materialSku(material)}`,
        attributes: { family: "coupling", type: "camlock", size_in: size, material },
        names: ["CAMLOCK COUPLING", "CAM & GROOVE", "CAM LOCK FITTING", "Camlock Coupling"],
        fragments: [
          [`TYPE ${type}`, `PART ${type}`, type],
          inchForms(size),
          materialForms(material),
          ["CAM & GROOVE", "A-A-59326"],
        ],
        basePrice:
          6.5 *
          (0.4 + size) ** 1.3 *
          (material === "ss316" ? 3.2 : material === "brass" ? 2 : material === "aluminum" ? 1 : 0.8),
      });
  for (const [size, half] of combos([0.25, 0.375, 0.5, 0.75, 1], ["COUPLER", "NIPPLE"]))
    for (const material of ["carbon steel", "ss316", "brass"])
      out.push({
        sku: `QD-ISOA-${inchSku(size)}-${half === "COUPLER" ? "C" : "N"}-${materialSku(material)}`,
        attributes: { family: "coupling", type: "quick disconnect", size_in: size, material, thread: "npt" },
        names: ["QUICK DISCONNECT", "QUICK COUPLER", "QD COUPLING", "Quick Disconnect"],
        fragments: [
          [half, half === "COUPLER" ? "FEMALE HALF" : "MALE HALF"],
          inchForms(size),
          threadForms("npt", "female"),
          materialForms(material),
          ["ISO 7241-A", "ISO A"],
        ],
        basePrice: 14 * (0.5 + size) ** 1.4 * (material === "ss316" ? 2.8 : material === "brass" ? 1.5 : 1),
      });
  return out;
}

const CARTRIDGE_MATERIAL: Record<string, string> = {
  PP: "polypropylene",
  PLT: "polyester",
  SW: "polypropylene",
  CB: "carbon",
};
const HYDRAULIC_MEDIA: Record<string, string> = { GLASS: "microglass", CELL: "cellulose", WIRE: "ss316" };

/** Cartridge and hydraulic filter elements and Y-strainers. */
function filters(): PartSpec[] {
  const out: PartSpec[] = [];
  const media = {
    PP: "melt blown polypropylene",
    PLT: "pleated polyester",
    SW: "string wound",
    CB: "activated carbon",
  } as const;
  for (const [micron, length] of combos([1, 5, 10, 25, 50, 100], [10, 20, 30, 40]))
    for (const [code, name] of Object.entries(media))
      out.push({
        sku: `FLT-CRT-${code}-${micron}M-${length}`,
        attributes: { family: "filter", type: "filter cartridge", material: CARTRIDGE_MATERIAL[code] },
        names: ["FILTER CARTRIDGE", "FLTR CART", "CARTRIDGE FILTER ELEM", "Filter Cartridge"],
        fragments: [
          [`${micron} MICRON`, `${micron}MIC`, `${micron} UM`],
          [`${length}" LG`, `${length} IN LONG`],
          [name.toUpperCase(), code],
          ['2-1/2" OD', "DOE"],
        ],
        basePrice: 3 * (length / 10) * (code === "CB" ? 3 : code === "PLT" ? 2.2 : 1),
      });
  for (const [micron, flow] of combos([3, 6, 10, 25], [10, 20, 40, 60, 90, 150, 250]))
    for (const element of ["GLASS", "CELL", "WIRE"])
      out.push({
        sku: `FLT-HYD-${element}-${micron}M-${flow}`,
        attributes: { family: "filter", type: "hydraulic filter", material: HYDRAULIC_MEDIA[element] },
        names: ["HYDRAULIC FILTER ELEMENT", "HYD FILTER ELEM", "FILTER ELEMENT HYD", "Hydraulic Filter"],
        fragments: [
          [`${micron} MICRON`, `${micron}MIC`, `B${micron}>1000`],
          [element === "GLASS" ? "MICROGLASS" : element === "CELL" ? "CELLULOSE" : "SS WIRE MESH"],
          [`${flow} GPM`, `${flow}GPM`],
        ],
        basePrice: 22 + flow * 0.45 + (element === "GLASS" ? 14 : 0),
      });
  for (const [size, material] of combos(
    [0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4, 6, 8],
    ["carbon steel", "ss316", "bronze", "cast iron"],
  ))
    for (const end of ["NPT", "FLG"] as const) {
      if ((end === "NPT" && size > 3) || (end === "FLG" && (size < 1 || material === "bronze"))) continue;
      out.push({
        sku: `STR-Y-${inchSku(size)}-${materialSku(material)}-${end}`,
        attributes: {
          family: "filter",
          type: "y-strainer",
          size_in: size,
          material,
          ...(end === "NPT" ? { thread: "npt" as const } : { pressure_class: 150 }),
        },
        names: ["Y-STRAINER", "Y STRAINER", "WYE STRAINER", "Y-Type Strainer"],
        fragments: [
          inchForms(size),
          materialForms(material),
          end === "NPT" ? threadForms("npt", "female") : ["150# RF FLGD", "CL150 FLANGED"],
          ["20 MESH SCREEN", "1/32 PERF SS SCREEN", "BLOW-OFF"],
        ],
        basePrice:
          24 *
          (0.5 + size) ** 1.45 *
          (material === "ss316" ? 2.4 : material === "bronze" ? 1.6 : 1) *
          (end === "FLG" ? 1.8 : 1),
      });
    }
  return out;
}

export function miscSpecs(): PartSpec[] {
  return [...fasteners(), ...hoseAndCouplings(), ...filters()];
}
