import { describe, expect, it } from "vitest";
import wranglerToml from "../../wrangler.toml?raw";
import devVarsExample from "../../.dev.vars.example?raw";
import { carrierDependency } from "../../src/workers/carrier/carrier-factory";

/** One `[table]` or `[[array-of-tables]]` block of a TOML file: its header and its `key = value` pairs. */
interface Block {
  header: string;
  values: Map<string, string>;
}

/**
 * Reads the blocks of wrangler.toml: enough TOML for this file's shape (headers, `key = value`
 * lines, comments), not a general parser. Inline tables under [env.production] keep their text.
 */
function blocks(toml: string): Block[] {
  const found: Block[] = [{ header: "", values: new Map() }];
  for (const raw of toml.split("\n")) {
    const line = raw.replace(/^\s*#.*$/, "").trim();
    const header = /^\[\[?([^\]]+)\]\]?$/.exec(line);
    if (header) found.push({ header: header[1]!, values: new Map() });
    else {
      const pair = /^([A-Za-z_.]+)\s*=\s*(.+)$/.exec(line);
      if (pair) found.at(-1)!.values.set(pair[1]!, pair[2]!);
    }
  }
  return found;
}

const BLOCKS = blocks(wranglerToml);
const TOP_VARS = BLOCKS.find((b) => b.header === "vars")!.values;

describe("wrangler.toml is safe to deploy as it is", () => {
  it("the top level seeds nothing and names no local-only mode", () => {
    expect(TOP_VARS.get("SEED_ON_START")).toBe('"false"');
    expect(TOP_VARS.get("DEPLOYMENT")).toBe('"production"');
    expect(wranglerToml).not.toMatch(/dev-[a-z]+-token|whsec_/);
  });

  it("the production environment seeds nothing either", () => {
    const production = BLOCKS.find((b) => b.header === "env.production")!.values.get("vars") ?? "";
    expect(production).toContain('SEED_ON_START = "false"');
    expect(production).toContain('DEPLOYMENT = "production"');
  });

  it("every queue consumer, top level and production, sets max_concurrency", () => {
    const consumers = BLOCKS.filter((b) => b.header === "queues.consumers");
    expect(consumers.map((c) => c.values.get("queue"))).toEqual([
      '"intake"',
      '"fulfillment"',
      '"exceptions"',
      '"comms"',
      '"orders-dlq"',
    ]);
    for (const c of consumers)
      expect(Number(c.values.get("max_concurrency")), c.values.get("queue")).toBeGreaterThan(0);
    const production = wranglerToml.slice(wranglerToml.indexOf("[env.production]"));
    const inline = production.match(/\{ queue = "[^"]+", max_batch_size[^}]*\}/g) ?? [];
    expect(inline).toHaveLength(5);
    for (const c of inline) expect(c).toMatch(/max_concurrency = \d+/);
  });

  it("local development turns seeding and the quiet simulator on in .dev.vars, which only wrangler dev reads", () => {
    expect(devVarsExample).toMatch(/^SEED_ON_START=true$/m);
    expect(devVarsExample).toMatch(/^DEPLOYMENT=local$/m);
  });
});

describe("the carrier dependency", () => {
  it("is simulated and degraded, with the reason, when CARRIER_API_URL is empty outside local development", () => {
    expect(carrierDependency({ CARRIER_API_URL: "", CARRIER_API_KEY: "", DEPLOYMENT: "production" })).toEqual({
      status: "degraded",
      mode: "simulated",
      detail:
        "CARRIER_API_URL and CARRIER_API_KEY not configured: tracking comes from the carrier simulator, not a real carrier",
    });
    expect(
      carrierDependency({ CARRIER_API_URL: "https://carrier.example", CARRIER_API_KEY: "", DEPLOYMENT: "production" })
        .status,
    ).toBe("degraded");
  });

  it("is ok when simulated in local development, or with a carrier API configured", () => {
    expect(carrierDependency({ CARRIER_API_URL: "", CARRIER_API_KEY: "", DEPLOYMENT: "local" })).toMatchObject({
      status: "ok",
      mode: "simulated",
    });
    expect(
      carrierDependency({ CARRIER_API_URL: "https://carrier.example", CARRIER_API_KEY: "k", DEPLOYMENT: "production" }),
    ).toMatchObject({ status: "ok", mode: "api" });
  });
});
