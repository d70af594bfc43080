/// <reference types="node" />
/**
 * Writes evaluation/test_suite.json from the case files beside this one, validated against the
 * suite schema: `npm run eval:build-suite`. The JSON is the suite; these files are where its
 * cases are written and explained.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseSuite } from "../suite-schema";
import { ADVERSARIAL } from "./adversarial";
import { CARRIER_DELAYS } from "./carrier-delays";
import { EDGE } from "./edge";
import { PRICING } from "./pricing";
import { QUALITY } from "./quality";
import { REGRESSION } from "./regression";
import { STANDARD_FLOWS } from "./standard-flows";
import { STATUS_QUERIES } from "./status-queries";

const suite = parseSuite({
  description:
    "DESIGN §11 evaluation suite: 100 cases whose expectations were derived by hand from the playbook " +
    "(§6) and the seed data. Sources and derivations: evaluation/suite-source/.",
  cases: [
    ...STANDARD_FLOWS,
    ...STATUS_QUERIES,
    ...CARRIER_DELAYS,
    ...PRICING,
    ...QUALITY,
    ...EDGE,
    ...ADVERSARIAL,
    ...REGRESSION,
  ],
});

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "test_suite.json");
writeFileSync(out, `${JSON.stringify(suite, null, 1)}\n`);

const count = (f: (c: (typeof suite.cases)[number]) => string[]) => {
  const m = new Map<string, number>();
  for (const c of suite.cases) for (const k of f(c)) m.set(k, (m.get(k) ?? 0) + 1);
  return Object.fromEntries(m);
};
console.log(`wrote ${out}: ${suite.cases.length} cases`);
console.log(
  "by category",
  count((c) => [c.category]),
);
console.log(
  "cases using a channel",
  count((c) => [...new Set(c.steps.flatMap((s) => (s.submit_po ? [s.submit_po.channel] : [])))]),
);
