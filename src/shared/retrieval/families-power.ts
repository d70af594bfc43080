import {
  combos,
  hpForms,
  inchForms,
  inchSku,
  materialForms,
  materialSku,
  type PartSpec,
  voltForms,
} from "./catalog-format";

const THREE_PHASE_HP = [0.5, 0.75, 1, 1.5, 2, 3, 5, 7.5, 10, 15, 20, 25, 30, 40, 50, 60, 75, 100];
// The IEC frame power nearest each NEMA horsepower, for the kW a description quotes beside it.
const KW: Record<number, number> = {
  0.33: 0.25,
  0.5: 0.37,
  0.75: 0.55,
  1: 0.75,
  1.5: 1.1,
  2: 1.5,
  3: 2.2,
  5: 3.7,
  7.5: 5.5,
  10: 7.5,
  15: 11,
  20: 15,
  25: 18.5,
  30: 22,
  40: 30,
  50: 37,
  60: 45,
  75: 55,
  100: 75,
};
const hpCode = (hp: number) => String(hp).replace(".", "P");
const hpPrice = (hp: number) => 180 + 95 * hp ** 0.85;

/** Three-phase and single-phase induction motors, plus explosion-proof ones. */
function motors(): PartSpec[] {
  const out: PartSpec[] = [];
  const motor = (hp: number, rpm: number, enclosure: string, volts: number[], phase: 1 | 3): PartSpec => ({
    sku: `MTR-${hpCode(hp)}HP-${rpm}-${enclosure}-${volts.join("/")}V`,
    attributes: {
      family: "motor",
      type: enclosure === "XP" ? "explosion proof motor" : "electric motor",
      power_hp: hp,
      voltage: volts,
    },
    names: ["ELECTRIC MOTOR", "MOTOR", "MTR", "AC MOTOR", "Induction Motor"],
    fragments: [
      hpForms(hp).concat(KW[hp] ? [`${hp}HP (${KW[hp]}KW)`] : []),
      [`${rpm} RPM`, `${rpm}RPM`],
      enclosure === "XP" ? ["EXPLOSION PROOF", "XP CL I DIV 1"] : [enclosure],
      voltForms(volts),
      phase === 3 ? ["3PH", "3 PHASE", "3-PH 60HZ"] : ["1PH", "SINGLE PHASE", "1-PH 60HZ"],
      ["PREMIUM EFF", "NEMA T-FRAME", "C-FACE", "Foot Mount"],
    ],
    basePrice: hpPrice(hp) * (enclosure === "XP" ? 2.1 : enclosure === "TEFC" ? 1.15 : 1) * (rpm === 1200 ? 1.3 : 1),
  });
  for (const [hp, rpm] of combos(THREE_PHASE_HP, [1200, 1800, 3600]))
    for (const enclosure of ["TEFC", "ODP"])
      for (const volts of [[230, 460], [575]]) out.push(motor(hp, rpm, enclosure, volts, 3));
  for (const [hp, rpm] of combos([0.33, 0.5, 0.75, 1, 1.5, 2, 3, 5], [1800, 3600]))
    for (const enclosure of ["TEFC", "ODP"]) out.push(motor(hp, rpm, enclosure, [115, 230], 1));
  for (const hp of [1, 2, 3, 5, 7.5, 10, 15, 20, 25, 30, 40, 50]) out.push(motor(hp, 1800, "XP", [230, 460], 3));
  return out;
}

/** End-suction centrifugal pumps, diaphragm pumps and hydraulic power units. */
function pumps(): PartSpec[] {
  const out: PartSpec[] = [];
  const PORTS: Record<number, [number, number]> = {
    1: [1.25, 1],
    1.5: [1.5, 1],
    2: [1.5, 1.25],
    3: [2, 1.5],
    5: [2, 1.5],
    7.5: [2.5, 2],
    10: [3, 2],
    15: [3, 2.5],
    20: [4, 3],
    25: [4, 3],
    30: [5, 4],
    40: [5, 4],
    50: [6, 5],
  };
  for (const [hpText, [suction, discharge]] of Object.entries(PORTS))
    for (const material of ["cast iron", "ss316", "bronze"])
      for (const volts of [[230, 460], [575]]) {
        const hp = Number(hpText);
        out.push({
          sku: `PMP-CF-${hpCode(hp)}HP-${suction}X${discharge}-${materialSku(material)}-${volts.at(-1)}V`,
          attributes: { family: "pump", type: "centrifugal", power_hp: hp, material, voltage: volts, size_in: suction },
          names: ["CENTRIFUGAL PUMP", "PUMP CENTRIFUGAL", "END SUCTION PUMP", "Centrifugal Pump"],
          fragments: [
            hpForms(hp),
            [`${suction} X ${discharge}`, `${inchForms(suction)[0]} SUCT X ${inchForms(discharge)[0]} DISCH`],
            materialForms(material),
            voltForms(volts),
            ["3PH TEFC", "MECH SEAL", "CLOSE COUPLED"],
          ],
          basePrice: (hpPrice(hp) + 420) * (material === "ss316" ? 1.7 : material === "bronze" ? 1.3 : 1),
        });
      }
  for (const [size, body] of combos([0.5, 1, 1.5, 2, 3], ["aluminum", "ss316", "polypropylene"]))
    for (const diaphragm of ["ptfe", "nbr", "fkm", "santoprene"])
      out.push({
        sku: `PMP-AOD-${inchSku(size)}-${materialSku(body)}-${diaphragm.toUpperCase().slice(0, 4)}`,
        attributes: { family: "pump", type: "diaphragm", size_in: size, material: body },
        names: ["AIR OPERATED DIAPHRAGM PUMP", "AODD PUMP", "DIAPHRAGM PUMP", "Double Diaphragm Pump"],
        fragments: [
          inchForms(size),
          materialForms(body),
          [`${diaphragm.toUpperCase()} DIAPHRAGM`, `${diaphragm.toUpperCase()} DIAPH`],
          ["AIR OPERATED", "PNEUMATIC"],
        ],
        basePrice: 380 * (0.5 + size) * (body === "ss316" ? 2 : body === "aluminum" ? 1 : 0.9),
      });
  for (const [hp, gallons] of combos([5, 7.5, 10, 15, 20, 25, 30], [10, 20, 40]))
    for (const volts of [[230, 460], [575]])
      out.push({
        sku: `HPU-${hpCode(hp)}HP-${gallons}GAL-${volts.at(-1)}V`,
        attributes: { family: "pump", type: "hydraulic power unit", power_hp: hp, voltage: volts },
        names: ["HYDRAULIC POWER UNIT", "HPU", "HYD POWER UNIT", "Hydraulic Pump Motor Unit"],
        fragments: [
          hpForms(hp),
          [`${gallons} GAL RESERVOIR`, `${gallons}GAL TANK`],
          voltForms(volts),
          ["GEAR PUMP", "3000 PSI MAX", "W/ RELIEF VALVE"],
        ],
        basePrice: hpPrice(hp) * 4.2 + gallons * 18,
      });
  for (const [displacement, rotation] of combos([4, 6, 8, 11, 14, 16, 19, 23, 27, 32], ["CW", "CCW"]))
    for (const port of ["SAE", "BSP"])
      out.push({
        sku: `PMP-GR-${displacement}CC-${rotation}-${port}`,
        attributes: {
          family: "pump",
          type: "hydraulic gear",
          material: "aluminum",
          ...(port === "BSP" ? { thread: "bsp" as const } : {}),
        },
        names: ["HYDRAULIC GEAR PUMP", "GEAR PUMP HYD", "HYD GEAR PUMP", "Hydraulic Gear Pump"],
        fragments: [
          [`${displacement} CC/REV`, `${displacement}CC`],
          [rotation === "CW" ? "CW ROTATION" : "CCW ROTATION", rotation],
          [`${port} PORTS`, port],
          ["ALUM BODY", "3600 PSI"],
        ],
        basePrice: 160 + displacement * 9,
      });
  return out;
}

/** Quarter-turn valve actuators: pneumatic rack and pinion, and electric. */
function actuators(): PartSpec[] {
  const out: PartSpec[] = [];
  for (const [size, action] of combos([52, 63, 75, 83, 92, 105, 125, 140, 160, 190, 210, 240, 270], ["DA", "SR"]))
    for (const body of ["aluminum", "ss316"])
      out.push({
        sku: `ACT-PN-${action}${size}-${materialSku(body)}`,
        attributes: { family: "actuator", type: "pneumatic", material: body },
        names: ["PNEUMATIC ACTUATOR", "PNEU ACTUATOR", "ACTUATOR PNEUMATIC", "Rack & Pinion Actuator"],
        fragments: [
          action === "DA" ? ["DOUBLE ACTING", "DA"] : ["SPRING RETURN", "SR", "FAIL CLOSED"],
          [`SIZE ${size}`, `${size}MM BORE`],
          materialForms(body),
          ["ISO 5211", "NAMUR"],
        ],
        basePrice: (90 + size * 2.1) * (action === "SR" ? 1.4 : 1) * (body === "ss316" ? 2.3 : 1),
      });
  for (const [torque, volts] of combos([150, 300, 600, 1000, 2000, 3000, 5000], [24, 120, 230]))
    for (const duty of ["ONOFF", "MOD"])
      out.push({
        sku: `ACT-EL-${torque}-${volts}V-${duty}`,
        attributes: { family: "actuator", type: "electric", voltage: [volts] },
        names: ["ELECTRIC ACTUATOR", "ELEC ACTUATOR", "ACTUATOR ELECTRIC", "Electric Valve Actuator"],
        fragments: [
          [`${torque} IN-LB`, `${torque} INLB`],
          [`${volts}V`, `${volts} VAC`],
          duty === "ONOFF" ? ["ON/OFF", "2-POSITION"] : ["MODULATING", "4-20MA"],
          ["NEMA 4X", "MANUAL OVERRIDE"],
        ],
        basePrice: 310 + torque * 0.32 + (duty === "MOD" ? 180 : 0),
      });
  return out;
}

export function powerSpecs(): PartSpec[] {
  return [...pumps(), ...motors(), ...actuators()];
}
