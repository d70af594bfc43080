import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, TOKENS } from "../fixtures/api";

/** The local assets a page or module references: script src, stylesheet href, module imports. */
function references(source: string, from: string): string[] {
  const found = [
    ...source.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/g),
    ...source.matchAll(/\bfrom\s+"([^"]+)"/g),
    ...source.matchAll(/\bimport\s*\(\s*"([^"]+)"\s*\)/g),
  ].map((m) => m[1]!);
  return found.map((ref) => new URL(ref, `http://orders.test${from}`).pathname);
}

const CONTENT_TYPES: Record<string, RegExp> = { js: /javascript/, css: /^text\/css/ };

/** Fetches the page and everything it loads, transitively, as the browser would. */
async function crawl(): Promise<Map<string, { status: number; type: string; body: string }>> {
  const seen = new Map<string, { status: number; type: string; body: string }>();
  const queue = ["/dashboard"];
  while (queue.length) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    // Only /dashboard runs the Worker first (wrangler.toml); the platform serves the other files
    // from the assets before the Worker, which the ASSETS binding does here.
    const res = path === "/dashboard" ? await api(path) : await env.ASSETS.fetch(`http://orders.test${path}`);
    const body = await res.text();
    seen.set(path, { status: res.status, type: res.headers.get("content-type") ?? "", body });
    if (res.status === 200 && (path === "/dashboard" || path.endsWith(".js"))) queue.push(...references(body, path));
  }
  return seen;
}

describe("the operations console's page", () => {
  it("is served without a token and holds only the sign-in form, no data", async () => {
    const res = await api("/dashboard");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<form id="signin"');
    expect(html).toMatch(/<label for="token">Ops token<\/label>/);
    expect(html).toMatch(/<input id="token" type="password"/);
    expect(html).toMatch(/<button type="submit">Sign in<\/button>/);
    // Signed out there is no console, no panel and no order data in the page.
    expect(html).not.toMatch(/id="console"|data-panel|PO-\d|CUST-\d/);
  });

  it("serves every script, stylesheet and the chart library it loads, from its own origin", async () => {
    const assets = await crawl();
    const paths = [...assets.keys()];
    expect(paths).toEqual(
      expect.arrayContaining([
        "/console/main.js",
        "/console/console.css",
        "/vendor/chart.umd.min.js",
        "/console/dashboard.js",
        "/console/panels.js",
        "/console/inbox.js",
        "/console/order-page.js",
        "/console/stream.js",
        "/console/router.js",
      ]),
    );
    for (const [path, asset] of assets) {
      expect({ path, status: asset.status }).toEqual({ path, status: 200 });
      const ext = path.split(".").pop() ?? "";
      if (CONTENT_TYPES[ext])
        expect({ path, type: asset.type }).toEqual({ path, type: expect.stringMatching(CONTENT_TYPES[ext]!) });
    }
    // No CDN: nothing the page loads comes from another origin.
    const html = assets.get("/dashboard")!.body;
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    expect(assets.get("/vendor/chart.umd.min.js")!.body).toContain("Chart");
  });

  it("keeps the token out of URLs and persistent storage", async () => {
    const assets = await crawl();
    const scripts = [...assets].filter(([p]) => p.startsWith("/console/")).map(([, a]) => a.body);
    expect(scripts.length).toBeGreaterThan(5);
    for (const source of scripts) {
      expect(source).not.toMatch(/[?&]token=|localStorage\.|bearer\.\$\{/);
    }
    // The token goes out as a header and as the stream's ["bearer", token] subprotocol.
    expect(scripts.join("\n")).toMatch(/Authorization: `Bearer \$\{/);
    expect(scripts.join("\n")).toMatch(/new WebSocket\(url, \["bearer", token\]\)/);
  });

  it("answers the API calls the console makes: the sign-in check refuses a customer token", async () => {
    expect((await api("/v1/escalations", { token: TOKENS.ops })).status).toBe(200);
    expect((await api("/v1/escalations", { token: TOKENS.acme })).status).toBe(403);
    expect((await api("/v1/escalations", { token: "not-a-token" })).status).toBe(401);
  });
});
