/**
 * The words buyers and suppliers shorten, and what they stand for: the lexicon `normalize` reads.
 * Expansions are in the catalog's own vocabulary, so an abbreviation and the written-out word
 * become the same token in documents and queries alike.
 */
export const ABBREVIATIONS: Record<string, readonly string[]> = {
  assy: ["assembly"],
  asm: ["assembly"],
  brg: ["bearing"],
  brng: ["bearing"],
  vlv: ["valve"],
  valv: ["valve"],
  flg: ["flange"],
  flgd: ["flange"],
  flanged: ["flange"],
  gskt: ["gasket"],
  gsk: ["gasket"],
  mtr: ["motor"],
  prv: ["pressure", "relief", "valve"],
  psv: ["pressure", "relief", "valve"],
  bfly: ["butterfly"],
  bfv: ["butterfly", "valve"],
  chk: ["check"],
  hyd: ["hydraulic"],
  pneu: ["pneumatic"],
  pneum: ["pneumatic"],
  elec: ["electric"],
  act: ["actuator"],
  actr: ["actuator"],
  fltr: ["filter"],
  flt: ["filter"],
  elem: ["element"],
  cart: ["cartridge"],
  hse: ["hose"],
  cplg: ["coupling"],
  ftg: ["fitting"],
  ell: ["elbow"],
  elb: ["elbow"],
  thd: ["threaded"],
  thrd: ["threaded"],
  thread: ["threaded"],
  nip: ["nipple"],
  bsh: ["bushing"],
  sol: ["solenoid"],
  wshr: ["washer"],
  scr: ["screw"],
  hcs: ["hex", "cap", "screw"],
  hd: ["head"],
  hvy: ["heavy"],
  mech: ["mechanical"],
  diaph: ["diaphragm"],
  aodd: ["air", "operated", "diaphragm"],
  hpu: ["hydraulic", "power", "unit"],
  xp: ["explosion", "proof"],
  ss: ["stainless"],
  sst: ["stainless"],
  cs: ["carbonsteel"],
  stl: ["steel"],
  brs: ["brass"],
  brz: ["bronze"],
  ci: ["castiron"],
  di: ["ductileiron"],
  alum: ["aluminum"],
  aluminium: ["aluminum"],
  pp: ["polypropylene"],
  polypro: ["polypropylene"],
  galv: ["galvanized"],
  buna: ["nbr"],
  nitrile: ["nbr"],
  viton: ["fkm"],
  teflon: ["ptfe"],
  sil: ["silicone"],
  rf: ["raised", "face"],
  ff: ["flat", "face"],
  wn: ["weld", "neck"],
  lg: ["long"],
  thk: ["thick"],
  mnpt: ["male", "npt"],
  mpt: ["male", "npt"],
  fnpt: ["female", "npt"],
  fpt: ["female", "npt"],
  bspt: ["bsp"],
  bspp: ["bsp"],
  wye: ["y"],
  dbl: ["double"],
  sngl: ["single"],
  cntr: ["centrifugal"],
  cent: ["centrifugal"],
  mic: ["micron"],
  lj: ["lap", "joint"],
  jt: ["joint"],
  bld: ["blind"],
  spw: ["spiral", "wound"],
  pmp: ["pump"],
};

/** Two-word names one token stands for, so "carbon steel" is not half of "stainless steel". */
export const PHRASES: readonly [string, string, string][] = [
  ["carbon", "steel", "carbonsteel"],
  ["carbonsteel", "steel", "carbonsteel"],
  ["stainless", "steel", "stainless"],
  ["cast", "iron", "castiron"],
  ["ductile", "iron", "ductileiron"],
  ["nbr", "n", "nbr"],
  ["o", "ring", "oring"],
  ["y", "strainer", "ystrainer"],
  ["y", "type", "y"],
  ["take", "up", "takeup"],
  ["slip", "on", "slipon"],
  ["cam", "lock", "camlock"],
  ["non", "asbestos", "nonasbestos"],
  ["all", "thread", "allthread"],
];

/**
 * Codes that mean one thing beside one word and another elsewhere: "SO" and "SW" next to
 * "flange" are slip-on and socket weld; "SW" next to "gasket" is spiral wound; "so" alone is English.
 */
export const CONTEXT_CODES: Record<string, Record<string, readonly string[]>> = {
  flange: { so: ["slipon"], sw: ["socket", "weld"], bl: ["blind"], thd: ["threaded"] },
  gasket: { sw: ["spiral", "wound"] },
};

/** Words that say nothing about which part is meant. */
export const STOP_WORDS = new Set(
  (
    "a an and are as at be by for from has have in is it its of on or that the this to was were will with w " +
    "need needs want wanted looking please pls qty pcs pc ea each piece pieces some our we us i me my you your " +
    "do does any can could would like get order ordering send x deg approx about what which how much many there " +
    "hi hello thanks thank"
  ).split(" "),
);
