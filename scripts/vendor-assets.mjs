#!/usr/bin/env node
// Copies the console's chart library from node_modules into public/vendor/, so the Worker serves
// it from its own assets (DESIGN §12: the console needs no internet). public/vendor/ is not
// committed: the locked npm version is the one source, and `npm start` and `npm test` run this.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "public", "vendor");
/** The browser (UMD) build: the ES build imports a bare specifier a browser cannot resolve. */
const FILES = [
  ["node_modules/chart.js/dist/chart.umd.min.js", "chart.umd.min.js"],
  ["node_modules/chart.js/LICENSE.md", "chart.js.LICENSE.md"],
];

mkdirSync(target, { recursive: true });
for (const [from, to] of FILES) copyFileSync(join(root, from), join(target, to));
console.log(`[vendor] copied ${FILES.length} files into public/vendor/`);
