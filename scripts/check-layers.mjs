#!/usr/bin/env node
// `npm run lint` runs this: imports point one way. Nothing in src/ reaches outside it (migrations/
// is SQL for wrangler, test/ and evaluation/ use src, never the reverse); src/shared/ is the
// domain, importing no Worker, Durable Object or seed code; Durable Objects and the seed loader
// use the domain, never the Worker layer. ARCHITECTURE.md's folder table says the same.
// `node scripts/check-layers.mjs`; exits 1 listing each import that points the wrong way.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";

/** Where files under `from` may import from (path prefixes, relative to the repository). */
const RULES = [
  { from: "src/shared/", allowed: ["src/shared/"] },
  { from: "src/durable-objects/", allowed: ["src/durable-objects/", "src/shared/"] },
  { from: "src/seed/", allowed: ["src/seed/", "src/shared/"] },
  { from: "src/", allowed: ["src/"] },
];
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']*)["']/g;

/** @param {string} dir @returns {string[]} */
function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(?:ts|mjs|js)$/.test(entry.name) ? [path] : [];
  });
}

const wrong = sourceFiles("src").flatMap((path) => {
  const rule = RULES.find((r) => path.startsWith(r.from));
  if (!rule) return [];
  return [...readFileSync(path, "utf8").matchAll(SPECIFIER)]
    .map((m) => ({ path, specifier: m[1] ?? "", target: normalize(join(dirname(path), m[1] ?? "")) }))
    .filter((i) => !rule.allowed.some((prefix) => i.target.startsWith(prefix)))
    .map((i) => `${i.path}: imports ${i.specifier} (${rule.from} may import only ${rule.allowed.join(", ")})`);
});
for (const w of wrong) console.error(w);
if (wrong.length > 0) {
  console.error(`${wrong.length} import(s) point the wrong way`);
  process.exit(1);
}
