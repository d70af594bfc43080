import {
  classForms,
  combos,
  inchForms,
  inchSku,
  materialForms,
  materialSku,
  type PartSpec,
  psiForms,
  threadForms,
} from "./catalog-format";

const CLASSES = [150, 300, 600] as const;
// Larger, heavier and higher-rated valves cost more; these scale a family's base price.
const sizeFactor = (inches: number) => 0.6 + inches ** 1.35;
const classFactor = (c: number) => (c === 150 ? 1 : c === 300 ? 1.45 : 2.2);
const MATERIAL_FACTOR: Record<string, number> = {
  ss316: 1.6,
  ss304: 1.4,
  "carbon steel": 1,
  brass: 0.8,
  bronze: 1.1,
  "cast iron": 0.7,
  "ductile iron": 0.85,
};
const matFactor = (m: string) => MATERIAL_FACTOR[m] ?? 1;

const VALVE_NAMES: Record<string, readonly string[]> = {
  ball: ["BALL VALVE", "BALL VLV", "VLV BALL", "Ball Valve"],
  gate: ["GATE VALVE", "GATE VLV", "VLV GATE", "Gate Valve"],
  globe: ["GLOBE VALVE", "GLOBE VLV", "VLV GLOBE", "Globe Valve"],
  check: ["SWING CHECK VALVE", "CHECK VLV SWING", "CHK VLV", "Swing Check Valve"],
};
const VALVE_CODES: Record<string, string> = { ball: "BL", gate: "GT", globe: "GL", check: "CK" };
const VALVE_BASE: Record<string, number> = { ball: 38, gate: 64, globe: 82, check: 58 };
const VALVE_EXTRAS: Record<string, readonly string[]> = {
  ball: ["FULL PORT", "3-PC", "2-PC", "LEVER OPERATED", "Full Port, Lever Handle"],
  gate: ["OS&Y", "BOLTED BONNET", "RISING STEM", "Handwheel Operated"],
  globe: ["BOLTED BONNET", "OS&Y", "PLUG DISC", "Handwheel"],
  check: ["BOLTED COVER", "HORIZ/VERT", "SPRING ASSIST", "Renewable Seat"],
};

const SIZES = [0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4, 6, 8, 10, 12] as const;

/** Ball, gate, globe and check valves: threaded in small sizes, flanged RF by pressure class. */
function linearValves(): PartSpec[] {
  const out: PartSpec[] = [];
  for (const type of ["ball", "gate", "globe", "check"] as const) {
    const code = VALVE_CODES[type]!;
    const threadedMaterials = type === "ball" ? ["ss316", "ss304", "brass", "carbon steel"] : ["bronze", "ss316"];
    for (const [size, material] of combos(
      SIZES.filter((s) => s <= 2),
      threadedMaterials,
    ))
      out.push({
        sku: `VLV-${code}-${inchSku(size)}-${materialSku(material)}-NPT`,
        attributes: { family: "valve", type, size_in: size, material, pressure_psi: 1000, thread: "npt" },
        names: VALVE_NAMES[type]!,
        fragments: [
          inchForms(size),
          threadForms("npt", "female"),
          materialForms(material),
          ["1000 WOG", "1000 PSI WOG"],
        ],
        basePrice: VALVE_BASE[type]! * sizeFactor(size) * matFactor(material),
      });
    const flangedSizes = SIZES.filter((s) => s >= 0.5 && (type === "ball" ? s <= 8 : true));
    for (const [size, material] of combos(flangedSizes, ["carbon steel", "ss316"]))
      for (const cls of CLASSES)
        out.push({
          sku: `VLV-${code}-${inchSku(size)}-${materialSku(material)}-${cls}`,
          attributes: { family: "valve", type, size_in: size, material, pressure_class: cls },
          names: VALVE_NAMES[type]!,
          fragments: [
            inchForms(size),
            materialForms(material),
            classForms(cls),
            ["RF FLGD", "RF FLANGED", "FLG RF", "Raised Face Flanged"],
            VALVE_EXTRAS[type]!,
          ],
          basePrice: VALVE_BASE[type]! * 2.4 * sizeFactor(size) * matFactor(material) * classFactor(cls),
        });
  }
  return out;
}

/** Butterfly valves: wafer or lug, by body and seat, class 150 (200 psi CWP). */
function butterflyValves(): PartSpec[] {
  const sizes = [2, 2.5, 3, 4, 5, 6, 8, 10, 12, 14, 16, 18, 20, 24];
  const out: PartSpec[] = [];
  for (const [size, body] of combos(sizes, ["cast iron", "ductile iron", "ss316"]))
    for (const style of ["WAFER", "LUG"] as const)
      for (const seat of ["epdm", "fkm", "ptfe"] as const)
        out.push({
          sku: `VLV-BF-${style === "WAFER" ? "W" : "L"}-${inchSku(size)}-${materialSku(body)}-${seat.toUpperCase()}`,
          attributes: { family: "valve", type: "butterfly", size_in: size, material: body, pressure_class: 150 },
          names: ["BUTTERFLY VALVE", "BFLY VLV", "BUTTERFLY VLV", "Butterfly Valve"],
          fragments: [
            inchForms(size),
            [style, style === "WAFER" ? "Wafer Style" : "Lug Style"],
            [`${materialForms(body)[0]} BODY`, `Body ${materialForms(body).at(-1)}`],
            materialForms(seat).map((s) => `${s} SEAT`),
            ["LEVER", "GEAR OPERATOR", "10 POS LEVER", "200 PSI CWP"],
          ],
          basePrice:
            55 * sizeFactor(size) * matFactor(body) * (style === "LUG" ? 1.25 : 1) * (seat === "ptfe" ? 1.3 : 1),
        });
  return out;
}

/** Pressure relief valves by inlet size, set pressure and body material. */
function reliefValves(): PartSpec[] {
  const sets = [50, 75, 100, 125, 150, 200, 250, 300, 400, 500, 600];
  const out: PartSpec[] = [];
  for (const [size, material] of combos([0.5, 0.75, 1, 1.5, 2], ["brass", "ss316", "carbon steel"]))
    for (const psi of sets)
      out.push({
        sku: `PRV-${inchSku(size)}-${psi}PSI-${materialSku(material)}`,
        attributes: { family: "valve", type: "relief", size_in: size, material, pressure_psi: psi, thread: "npt" },
        names: ["PRESSURE RELIEF VALVE", "PRV", "RELIEF VLV", "Pressure Relief Valve", "SAFETY RELIEF VALVE"],
        fragments: [
          inchForms(size),
          threadForms("npt", "male"),
          psiForms(psi).map((p) => (p.includes("SET") ? p : `SET ${p}`)),
          materialForms(material),
          ["ASME SEC VIII", "UV STAMPED", "Lift Lever", "SOFT SEAT"],
        ],
        basePrice: 72 * sizeFactor(size) * matFactor(material) * (1 + psi / 1200),
      });
  return out;
}

/** Solenoid valves: normally closed or open, two coil voltages. */
function solenoidValves(): PartSpec[] {
  const out: PartSpec[] = [];
  for (const [size, material] of combos([0.25, 0.375, 0.5, 0.75, 1, 1.5, 2], ["brass", "ss316"]))
    for (const normally of ["NC", "NO"] as const)
      for (const volts of [24, 120] as const)
        out.push({
          sku: `SOL-${inchSku(size)}-${materialSku(material)}-${normally}-${volts}V`,
          attributes: { family: "valve", type: "solenoid", size_in: size, material, voltage: [volts], thread: "npt" },
          names: ["SOLENOID VALVE", "SOL VLV", "Solenoid Valve"],
          fragments: [
            inchForms(size),
            threadForms("npt"),
            materialForms(material),
            normally === "NC" ? ["N/C", "NORMALLY CLOSED", "NC"] : ["N/O", "NORMALLY OPEN", "NO"],
            [`${volts}V COIL`, volts === 24 ? "24VDC COIL" : "120VAC COIL"],
          ],
          basePrice: 48 * sizeFactor(size) * matFactor(material),
        });
  return out;
}

export function valveSpecs(): PartSpec[] {
  return [...linearValves(), ...butterflyValves(), ...reliefValves(), ...solenoidValves()];
}
