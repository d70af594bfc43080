/** Debian's `chromium` driven by playwright-core (no browser download: `.ci/run` apt-installs it). */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];

export function chromiumPath(): string {
  const found = CANDIDATES.find((p): p is string => Boolean(p) && existsSync(p!));
  if (!found) throw new Error("chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)");
  return found;
}

/** Headless, no sandbox (CI runs as root, where Chromium refuses its sandbox), no /dev/shm (small in containers). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox", "--disable-dev-shm-usage"] });
}
