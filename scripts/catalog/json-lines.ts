/// <reference types="node" />
import { readFileSync, writeFileSync } from "node:fs";

/** A JSON array with one element a line: valid JSON whose diffs show which parts changed. */
export function writeJsonLines(path: string, items: readonly unknown[]): void {
  writeFileSync(path, `[\n${items.map((i) => `  ${JSON.stringify(i)}`).join(",\n")}\n]\n`);
}

export const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"));

/** Indented JSON, as Biome formats it: for files under a folder Biome checks. */
export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
