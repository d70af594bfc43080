import { cents } from "../money";
import type { CatalogItem } from "../schemas/reference.schema";
import type { PartSpec } from "./catalog-format";
import {
  type CatalogPart,
  CatalogPart as CatalogPartSchema,
  type GeneratedStock,
  type PartAttributes,
} from "./catalog.schema";
import { bearingSpecs } from "./families-bearings";
import { miscSpecs } from "./families-misc";
import { pipingSpecs } from "./families-piping";
import { powerSpecs } from "./families-power";
import { valveSpecs } from "./families-valves";
import { createRng, type Rng } from "./prng";

/** The seed the committed `catalog-generated.json` was written with. */
export const CATALOG_SEED = 20_261_201;

/**
 * The five seed parts keep their data (src/seed/data/catalog.json); these are their attributes,
 * written by hand from their descriptions, so the labelled queries can judge them like the rest.
 */
export const SEED_PART_ATTRIBUTES: Record<string, PartAttributes> = {
  "SKU-4892": { family: "valve", type: "valve assembly", size_in: 4 },
  "SKU-7210": { family: "bearing", type: "ball", size_in: 2, material: "ss304" },
  "SKU-7211": { family: "bearing", type: "ball", size_in: 3, material: "ss304" },
  "SKU-3300": { family: "pump", type: "hydraulic pump motor", power_hp: 15 },
  "SKU-9010": { family: "valve", type: "relief", pressure_psi: 600 },
};

// The two warehouses the operations handbook ships from.
const WAREHOUSES = ["Chicago, IL", "Detroit, MI"] as const;
const LEAD_TIMES = [2, 3, 5, 7, 7, 10, 14, 14, 21, 28, 42] as const;
const NOTES = [
  "",
  "",
  "",
  "",
  "Stocked at the Chicago warehouse.",
  "Min order qty 10.",
  "Call for volume pricing.",
  "Made to order; no cancellation after release.",
  "MTRs available on request.",
  "NACE MR0175 compliant.",
  "Sold in boxes of 25.",
  "Replaces discontinued part; same dimensions.",
  "Country of origin: USA.",
  "Domestic material (DFARS).",
  "Price subject to metals surcharge.",
];

/** How one supplier writes a description: name first or last, separators, case. */
function describe(spec: PartSpec, rng: Rng): string {
  // The last fragment is trade colour (port, operator, finish) and sometimes left out; the
  // attributes before it always appear, as a part someone can order must say what it is.
  const picked = spec.fragments.map((forms) => rng.pick(forms));
  const fragments = picked.length > 2 && rng.chance(0.3) ? picked.slice(0, -1) : picked;
  const ordered = rng.chance(0.3) ? rng.shuffle(fragments) : fragments;
  const name = rng.pick(spec.names);
  const sep = rng.pick([" ", ", ", " - ", ", "]);
  const words = rng.chance(0.7) ? [name, ...ordered] : [...ordered, name];
  const text = words.filter((w) => w.length > 0).join(sep);
  return rng.chance(0.6) ? text.toUpperCase() : text;
}

function toPart(spec: PartSpec, rng: Rng): CatalogPart {
  // List prices end the way catalogs' do: a small spread around the family's price, to the cent.
  const price = spec.basePrice * (0.9 + rng.next() * 0.2);
  return CatalogPartSchema.parse({
    sku: spec.sku,
    description: describe(spec, rng),
    list_price: cents(price < 10 ? price : Math.round(price * 4) / 4),
    lead_time_days: rng.pick(LEAD_TIMES),
    notes: rng.pick(NOTES),
    attributes: spec.attributes,
  });
}

/** Every family's parts in a fixed order, each SKU once (the first spec wins). */
function partSpecs(): PartSpec[] {
  const seen = new Set<string>();
  return [...valveSpecs(), ...bearingSpecs(), ...powerSpecs(), ...pipingSpecs(), ...miscSpecs()].filter((s) => {
    if (seen.has(s.sku)) return false;
    seen.add(s.sku);
    return true;
  });
}

/** The generated catalog: the same seed gives the same parts, descriptions and prices, byte for byte. */
export function generateCatalog(seed = CATALOG_SEED): CatalogPart[] {
  const rng = createRng(seed);
  return partSpecs().map((spec) => toPart(spec, rng));
}

/** Stock for about a third of the parts, at one or both warehouses; a few are on order only. */
export function generateStock(parts: readonly CatalogPart[], seed = CATALOG_SEED): GeneratedStock[] {
  const rng = createRng(seed ^ 0x5eed);
  const out: GeneratedStock[] = [];
  for (const part of parts) {
    if (!rng.chance(0.35)) continue;
    const cheap = part.list_price < 50;
    for (const warehouse of rng.shuffle(WAREHOUSES).slice(0, rng.chance(0.2) ? 2 : 1)) {
      const onHand = rng.chance(0.1) ? 0 : rng.int(1, cheap ? 800 : 60);
      const eta =
        onHand === 0 || rng.chance(0.1)
          ? `2026-${String(rng.int(1, 12)).padStart(2, "0")}-${String(rng.int(1, 28)).padStart(2, "0")}`
          : null;
      out.push({ sku: part.sku, warehouse, on_hand: onHand, supplier_eta: eta });
    }
  }
  return out;
}

/** The whole searchable catalog: the seed parts as they are, with their attributes, then the generated ones. */
export function withSeedParts(seedItems: readonly CatalogItem[], generated: readonly CatalogPart[]): CatalogPart[] {
  const seeded = seedItems.map((item) => {
    const attributes = SEED_PART_ATTRIBUTES[item.sku];
    if (!attributes) throw new Error(`seed part ${item.sku} has no attributes in SEED_PART_ATTRIBUTES`);
    return { ...item, attributes };
  });
  const seedSkus = new Set(seedItems.map((i) => i.sku));
  return [...seeded, ...generated.filter((p) => !seedSkus.has(p.sku))];
}
