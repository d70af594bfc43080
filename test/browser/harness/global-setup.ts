/** The browser project's global setup: one local system for all its files, stopped after them. */
import type { TestProject } from "vitest/node";
import { startLocalSystem } from "./local-system";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const system = await startLocalSystem();
  project.provide("baseUrl", system.baseUrl);
  return system.stop;
}
