/** Driving the console of DESIGN §12 through its DOM contract, and calling the same system's API. */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { expect } from "vitest";

export const TOKENS = {
  ops: "dev-ops-token",
  acme: "dev-acme-token",
  beta: "dev-beta-token",
  wrong: "not-a-real-token",
} as const;
const CUSTOMER_TOKENS: Record<string, string> = { "CUST-001": TOKENS.acme, "CUST-002": TOKENS.beta };
export const PANELS = ["orders", "cost", "latency", "sla", "exceptions", "escalation", "cache", "operations"] as const;
export const SCREENSHOTS = join(import.meta.dirname, "..", "screenshots");

/** Calls the API as a client would: Bearer token, JSON body. */
export async function api(baseUrl: string, path: string, token: string, json?: unknown): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (json !== undefined) headers["content-type"] = "application/json";
  return fetch(`${baseUrl}${path}`, {
    method: json === undefined ? "GET" : "POST",
    headers,
    body: json === undefined ? null : JSON.stringify(json),
  });
}

/** Polls until `read` answers something `ready` accepts, or fails naming the last answer. */
export async function until<T>(
  read: () => Promise<T>,
  ready: (v: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ready(last)) {
    if (Date.now() > deadline) throw new Error(`${what} not within ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
    last = await read();
  }
  return last;
}

type OrderView = { po_number: string; customer_id: string; status: string; pending_handoffs: number; trace_id: string };

type Line = { sku: string; qty: number; unit_price?: number };

/** Places a portal PO as its own customer (Acme unless named) and waits until no handoff is pending. */
export async function placeSettled(
  baseUrl: string,
  po: string,
  lines: Line[],
  customerId = "CUST-001",
): Promise<OrderView> {
  const token = CUSTOMER_TOKENS[customerId]!;
  const body = { po_number: po, customer_id: customerId, line_items: lines, order_date: "2024-09-15" };
  const res = await api(baseUrl, "/v1/orders", token, body);
  if (res.status !== 202) throw new Error(`placing ${po}: ${res.status} ${await res.text()}`);
  const view = () => api(baseUrl, `/v1/orders/${po}`, token).then((r) => r.json() as Promise<OrderView>);
  return until(view, (v) => v.pending_handoffs === 0 && v.status !== "received", 30_000, `order ${po} settled`);
}

/** A PO number no earlier run of these tests used (each run has a fresh database anyway). */
export const freshPo = (prefix: string) => `${prefix}-${Date.now().toString(36).toUpperCase()}`;

/** The URL of every request and WebSocket the page opens, kept for assertions (the token must never be in one). */
export function recordRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (r) => seen.push(r.url()));
  page.on("websocket", (ws) => seen.push(ws.url()));
  return seen;
}

/** The paths of the API calls (anything under /v1/) among `urls`. */
export const apiCalls = (urls: string[]) => urls.map((u) => new URL(u).pathname).filter((p) => p.startsWith("/v1/"));

export function expectTokenNeverInUrl(urls: string[]): void {
  for (const token of Object.values(TOKENS))
    expect(urls.filter((u) => decodeURIComponent(u).includes(token))).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export async function signIn(page: Page, token: string): Promise<void> {
  await page.locator("#token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** True when the panel shows data: a canvas with at least one painted pixel, or a table with a row of data. */
export function panelRendered(page: Page, name: string): Promise<boolean> {
  return page.locator(`section.panel[data-panel="${name}"]`).evaluate((panel) => {
    const painted = [...panel.querySelectorAll("canvas")].some((c) => {
      if (c.width === 0 || c.height === 0) return false;
      const ctx = c.getContext("2d");
      if (!ctx) return false;
      const pixels = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
      return false;
    });
    // A row of data has cells side by side; a lone cell is a placeholder such as "none in this window".
    const rows = [...panel.querySelectorAll("table tr")].some((tr) => tr.querySelectorAll("td").length >= 2);
    return painted || rows;
  });
}

/** What a panel shows: its text and the pixels of each canvas, so a redraw with new data differs. */
export function panelSnapshot(page: Page, name: string): Promise<string> {
  return page
    .locator(`section.panel[data-panel="${name}"]`)
    .evaluate((panel) =>
      [panel.textContent ?? "", ...[...panel.querySelectorAll("canvas")].map((c) => c.toDataURL())].join("|"),
    );
}

/** A panel's snapshot once it stops changing (chart animations finish). */
export async function settledSnapshot(page: Page, name: string): Promise<string> {
  let before = await panelSnapshot(page, name);
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(250);
    const now = await panelSnapshot(page, name);
    if (now === before) return now;
    before = now;
  }
  return before;
}
