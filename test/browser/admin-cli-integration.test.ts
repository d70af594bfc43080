/**
 * `npm run admin` (scripts/admin.mjs) as a shell runs it: first against a stand-in that answers
 * GET/PUT /v1/admin/catalog in DESIGN §13's shapes, then against the local system the browser
 * project starts (that part needs the admin routes of issue 14 item 1).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "admin-cli-"));

function admin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, "scripts", "admin.mjs"), ...args], { cwd: ROOT }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

type Item = { sku: string; description: string; list_price: number; lead_time_days: number; notes: string };
const COLUMNS = ["sku", "description", "list_price", "lead_time_days", "notes"] as const;

/** A stand-in for the admin catalog routes: upserts by SKU, `dry_run`, 422 with row errors, ops token only. */
function standIn(items: Item[]): Server {
  return createServer((req, res) => {
    const answer = (status: number, body: unknown, type = "application/json") => {
      res.writeHead(status, { "content-type": type });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    if (req.headers.authorization !== "Bearer dev-ops-token")
      return answer(401, { title: "Unauthorized", status: 401 });
    const url = new URL(req.url ?? "/", "http://x");
    if (req.method === "GET") {
      if (req.headers.accept === "text/csv")
        return answer(
          200,
          [COLUMNS.join(","), ...items.map((i) => COLUMNS.map((c) => i[c]).join(","))].join("\r\n"),
          "text/csv",
        );
      return answer(200, { items });
    }
    let text = "";
    req.on("data", (chunk) => {
      text += chunk;
    });
    req.on("end", () => {
      const incoming: Item[] = req.headers["content-type"]?.startsWith("text/csv")
        ? text
            .split(/\r?\n/)
            .slice(1)
            .filter(Boolean)
            .map((line) => {
              const v = line.split(",");
              return {
                sku: v[0]!,
                description: v[1]!,
                list_price: Number(v[2]),
                lead_time_days: Number(v[3]),
                notes: v[4] ?? "",
              };
            })
        : JSON.parse(text).items;
      const errors = incoming.flatMap((i, n) =>
        i.list_price >= 0 ? [] : [{ row: n + 1, field: "list_price", message: "Too small: expected number to be >=0" }],
      );
      if (errors.length)
        return answer(422, { title: "Unprocessable Content", status: 422, detail: "1 row is invalid", errors });
      const known = new Map(items.map((i) => [i.sku, JSON.stringify(i)]));
      const added = incoming.filter((i) => !known.has(i.sku));
      const changed = incoming.filter((i) => known.has(i.sku) && known.get(i.sku) !== JSON.stringify(i));
      const unchanged = incoming.length - added.length - changed.length;
      if (url.searchParams.get("dry_run") !== "true")
        for (const i of incoming) {
          const at = items.findIndex((o) => o.sku === i.sku);
          if (at >= 0) items[at] = i;
          else items.push(i);
        }
      answer(200, {
        added: added.map((i) => ({ key: i.sku })),
        changed: changed.map((i) => ({ key: i.sku })),
        unchanged,
      });
    });
  });
}

describe("npm run admin against a stand-in of the admin API", () => {
  const items: Item[] = [
    { sku: "HX-200/B", description: "Hex bolt 200 mm", list_price: 1.25, lead_time_days: 3, notes: "" },
    { sku: "HX-300/B", description: "Hex bolt 300 mm", list_price: 1.5, lead_time_days: 3, notes: "boxed" },
  ];
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = standIn(items);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("exports CSV and JSON and imports each back with nothing changed", async () => {
    for (const file of [join(dir, "catalog.csv"), join(dir, "catalog.json")]) {
      const out = await admin("export", "catalog", file, "--base-url", base);
      expect(out).toMatchObject({ code: 0, stdout: `catalog: exported 2 row(s) to ${file}\n` });
      const back = await admin("import", "catalog", file, "--base-url", base);
      expect(back).toMatchObject({ code: 0, stdout: "catalog: added 0, changed 0, unchanged 2\n" });
    }
    expect(JSON.parse(readFileSync(join(dir, "catalog.json"), "utf8")).items).toEqual(items);
  });

  it("reports a dry run and changes nothing, then applies", async () => {
    const file = join(dir, "new.json");
    writeFileSync(
      file,
      JSON.stringify([
        { ...items[0], list_price: 1.3 },
        { ...items[1], sku: "HX-400/B" },
      ]),
    );
    const dry = await admin("import", "catalog", file, "--base-url", base, "--dry-run");
    expect(dry.stdout).toContain("catalog: would be added 1, changed 1, unchanged 0 (dry run: nothing changed)");
    expect(items).toHaveLength(2);
    expect((await admin("import", "catalog", file, "--base-url", base)).stdout).toBe(
      "catalog: added 1, changed 1, unchanged 0\n",
    );
    expect(items.map((i) => i.sku).sort()).toEqual(["HX-200/B", "HX-300/B", "HX-400/B"]);
  });

  it("prints refused rows as a table and exits 1; a bad token or command is a readable error", async () => {
    const file = join(dir, "bad.csv");
    writeFileSync(file, `${COLUMNS.join(",")}\nHX-1,ok,1,1,\nHX-2,negative,-1,1,\n`);
    const out = await admin("import", "catalog", file, "--base-url", base);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(
      "422 Unprocessable Content: 1 row is invalid\nrow  field       message\n  2  list_price  Too small: expected number to be >=0\n",
    );
    const denied = await admin("export", "catalog", join(dir, "x.csv"), "--base-url", base, "--token", "nope");
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain("401 Unauthorized");
    expect(await admin("import", "stock", file)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("unknown kind stock"),
    });
    expect(await admin("import", "catalog", join(dir, "catalog.txt"))).toMatchObject({ code: 2 });
    expect(await admin("--help")).toMatchObject({ code: 0, stdout: expect.stringContaining("usage: npm run admin") });
    const unreachable = await admin("export", "catalog", join(dir, "y.csv"), "--base-url", "http://127.0.0.1:9");
    expect(unreachable).toMatchObject({ code: 1, stderr: expect.stringContaining("cannot reach http://127.0.0.1:9") });
  });
});

describe("npm run admin against the local system", () => {
  const baseUrl = inject("baseUrl");

  it("exports the catalog and imports it back with nothing changed, as CSV and as JSON", async () => {
    for (const file of [join(dir, "system-catalog.csv"), join(dir, "system-catalog.json")]) {
      const out = await admin("export", "catalog", file, "--base-url", baseUrl);
      expect(out.code, out.stderr).toBe(0);
      const back = await admin("import", "catalog", file, "--base-url", baseUrl);
      expect(back.code, back.stderr).toBe(0);
      expect(back.stdout).toMatch(/^catalog: added 0, changed 0, unchanged [1-9]\d*\n$/);
    }
  });
});
