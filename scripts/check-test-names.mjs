#!/usr/bin/env node
// Part of `npm run lint`: every test file under test/ is named by kind, `*-unit.test.ts` (plain
// function calls) or `*-integration.test.ts` (through the Worker, a Durable Object or a queue).
// vitest's `include` could demand the same names, but a misnamed file would then silently not
// run; this check fails loudly instead. Anything that looks like a test file counts.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const LOOKS_LIKE_A_TEST = /[.-](test|spec)s?\.[cm]?[jt]sx?$/;
const NAMED_BY_KIND = /-(unit|integration)\.test\.ts$/;

/**
 * Every file under `dir`, as paths from the repository root.
 * @param {string} dir
 * @returns {string[]}
 */
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() ? [relative(root, path)] : [];
  });
}

/**
 * The test files among `paths` not named `*-unit.test.ts` or `*-integration.test.ts`.
 * @param {string[]} paths
 */
function misnamed(paths) {
  return paths.filter((p) => LOOKS_LIKE_A_TEST.test(p) && !NAMED_BY_KIND.test(p));
}

const bad = misnamed(filesUnder(join(root, "test")));
if (bad.length > 0) {
  console.error(`Test files must be named *-unit.test.ts or *-integration.test.ts; rename:\n  ${bad.join("\n  ")}`);
  process.exit(1);
}
console.log("test names: every test file is named by kind");
