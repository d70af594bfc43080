import { describe, expect, it } from "vitest";
import { withoutAssets } from "../../bench/system-config";

describe("the bench's system configuration", () => {
  const toml = [
    'name = "x"',
    "",
    "[assets]",
    'directory = "public"',
    'binding = "ASSETS"',
    'run_worker_first = ["/v1/*"]',
    "",
    "# The values here",
    "[vars]",
    'A = "1"',
  ].join("\n");

  it("leaves out the [assets] table and nothing else", () => {
    expect(withoutAssets(toml)).toBe(['name = "x"', "", "[vars]", 'A = "1"'].join("\n"));
  });

  it("refuses a configuration without one, so a renamed table is noticed", () => {
    expect(() => withoutAssets('name = "x"\n[vars]\n')).toThrow(/no \[assets\]/);
  });
});
