import { copyFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page, Response as PageResponse } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./harness/chromium";
import {
  api,
  apiCalls,
  expectTokenNeverInUrl,
  freshPo,
  PANELS,
  panelRendered,
  placeSettled,
  recordRequests,
  SCREENSHOTS,
  screenshot,
  settledSnapshot,
  signIn,
  TOKENS,
  until,
} from "./harness/console-page";

/**
 * The operations console in a real browser (issue 11, item 6), driven through the DOM contract
 * the console is built to, against the whole system started by the global setup.
 */

const baseUrl = inject("baseUrl");
let browser: Browser;
let context: BrowserContext;
let page: Page;
let requests: string[];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  // 1280 px wide: the width the console must stay readable at.
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Fail in seconds, not playwright's default 30, when an element of the contract is missing.
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
  requests = recordRequests(page);
  await page.goto(`${baseUrl}/dashboard`);
});
afterEach(async ({ task }) => {
  if (task.result?.state === "fail") await screenshot(page, `failed-${task.name.replace(/\W+/g, "-")}`);
  await context?.close();
  // Whatever a test did, the token went in headers only.
  expectTokenNeverInUrl(requests);
});

async function signedIn(): Promise<void> {
  await signIn(page, TOKENS.ops);
  await expect.poll(() => page.locator("main#console").isVisible(), { timeout: 10_000 }).toBe(true);
}

type Metrics = { orders_per_hour: { received: number }[] };
const received = (m: Metrics) => m.orders_per_hour.reduce((n, h) => n + h.received, 0);

describe("signed out", () => {
  it("loads /dashboard and fetches nothing from the API", async () => {
    // Bugs caught: a console that loads metrics (or opens the stream) before anyone signed in,
    // or scripts and chart library that do not load from the Worker's own assets.
    const failed: string[] = [];
    page.on("requestfailed", (r) => failed.push(r.url()));
    page.on("response", (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
    const res = await page.goto(`${baseUrl}/dashboard`, { waitUntil: "networkidle" });
    expect(res?.status()).toBe(200);
    expect(res?.headers()["content-type"]).toContain("text/html");
    expect(failed).toEqual([]);
    expect(requests.every((u) => new URL(u).origin === baseUrl)).toBe(true);
    expect(apiCalls(requests)).toEqual([]);
    await screenshot(page, "00-loaded");
  });

  it("shows only the sign-in form", async () => {
    await page.waitForLoadState("networkidle");
    const form = page.locator("form#signin");
    expect(await form.isVisible()).toBe(true);
    expect(await page.locator('label[for="token"]').textContent()).toBe("Ops token");
    expect(await page.locator("#token").getAttribute("type")).toBe("password");
    expect(await page.getByRole("button", { name: "Sign in" }).isVisible()).toBe(true);
    for (const hidden of ["main#console", "nav", "section.panel", "#inbox", "#order-view"])
      expect(await page.locator(hidden).first().isVisible(), `${hidden} hidden`).toBe(false);
    expect(apiCalls(requests)).toEqual([]);
    await screenshot(page, "01-signed-out");
  });

  it("a wrong token shows the sign-in error and fetches nothing else", async () => {
    // Bugs caught: a bad token that still opens the console, or one that sends a burst of
    // requests (metrics, escalations, stream) before the first 401 is noticed.
    const answers: PageResponse[] = [];
    page.on("response", (r) => answers.push(r));
    await signIn(page, TOKENS.wrong);
    await expect.poll(() => page.locator("#signin-error").isVisible(), { timeout: 5_000 }).toBe(true);
    expect(await page.locator("#signin-error").getAttribute("role")).toBe("alert");
    await page.waitForTimeout(1_500);
    expect(await page.locator("main#console").isVisible()).toBe(false);
    // At most the one request that checks the token, and it was refused.
    expect(apiCalls(requests).length).toBeLessThanOrEqual(1);
    const apiAnswers = answers.filter((r) => new URL(r.url()).pathname.startsWith("/v1/"));
    expect(apiAnswers.every((r) => r.status() === 401 || r.status() === 403)).toBe(true);
    await screenshot(page, "02-wrong-token");
  });

  it("is keyboard-usable: Enter signs in and Tab reaches the window select", async () => {
    // From the top of the page, Tab alone reaches the token field.
    let onToken = false;
    for (let i = 0; i < 10 && !onToken; i++) {
      await page.keyboard.press("Tab");
      onToken = await page.evaluate(() => document.activeElement?.id === "token");
    }
    expect(onToken).toBe(true);
    await page.keyboard.type(TOKENS.ops);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("main#console").isVisible(), { timeout: 10_000 }).toBe(true);
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement?.id === "window");
    }
    expect(reached).toBe(true);
    expect(await page.locator("#window").getAttribute("aria-label")).toBe("Window");
    await screenshot(page, "03-keyboard-window-focused");
  });
});

describe("escalations and the order page", () => {
  // A split over $50,000 goes to a person (DESIGN §6): 150 x SKU-4892 at Acme's contract price.
  const po = freshPo("PO-ESC");
  const escalationId = `ESC-CUST-001-${po}-SPLIT`;

  it("decides an escalation from the inbox: it leaves the list and the order moves on", async () => {
    const view = await placeSettled(baseUrl, po, [{ sku: "SKU-4892", qty: 150 }]);
    expect(view.status).toBe("awaiting-approval");
    await signedIn();
    await page.getByRole("link", { name: "Escalations" }).click();
    const article = page.locator(`#inbox article.escalation[data-escalation-id="${escalationId}"]`);
    await expect.poll(() => article.isVisible(), { timeout: 10_000 }).toBe(true);
    for (const button of ["Approve", "Reject", "Modify"])
      expect(await article.getByRole("button", { name: button }).isVisible(), button).toBe(true);
    expect(await article.locator(`a[href*="${po}"]`).count()).toBeGreaterThan(0);
    await screenshot(page, "06-inbox");

    const decision = page.waitForResponse((r) => r.url().endsWith(`/v1/escalations/${escalationId}/decision`));
    await article.getByRole("button", { name: "Approve" }).click();
    expect((await decision).status()).toBe(200);
    await expect.poll(() => article.count(), { timeout: 5_000 }).toBe(0);
    const after = await until(
      () => api(baseUrl, `/v1/orders/${po}`, TOKENS.ops).then((r) => r.json() as Promise<{ status: string }>),
      (v) => v.status !== "awaiting-approval",
      10_000,
      "the approved order left awaiting-approval",
    );
    expect(after.status).not.toBe("awaiting-approval");
    await screenshot(page, "07-inbox-after-approve");
  });

  it("opens the order page with its view, event timeline and trace waterfall", async () => {
    type Span = { span_id: string; attributes: Record<string, unknown> };
    const get = <T>(path: string) =>
      api(baseUrl, path, TOKENS.ops).then((r) => (r.ok ? (r.json() as Promise<T>) : null));
    // Settled first, so the log and the traces no longer grow while the page reads them.
    const view = await until(
      () => get<{ status: string; trace_id: string; pending_handoffs: number }>(`/v1/orders/${po}`),
      (v) => v?.pending_handoffs === 0,
      20_000,
      `order ${po} settled`,
    );
    const events = (await get<{ events: { type: string; trace_id: string | null }[] }>(`/v1/orders/${po}/events`))!;
    const traceIds = new Set([view!.trace_id, ...events.events.map((e) => e.trace_id)].filter(Boolean));
    const traces = new Map<string, Span[]>();
    for (const id of traceIds) traces.set(id!, (await get<{ spans: Span[] }>(`/v1/traces/${id}`))?.spans ?? []);
    const orderSpans = traces.get(view!.trace_id)!;
    expect(orderSpans.length).toBeGreaterThan(0);
    await signedIn();
    await page.getByRole("link", { name: "Orders" }).click();
    await page.locator("#order-po").fill(po);
    await page.locator("#order-customer").fill("CUST-001");
    await page.getByRole("button", { name: "Open" }).click();
    await expect
      .poll(() => page.evaluate(() => location.hash), { timeout: 5_000 })
      .toBe(`#/orders/${po}?customer_id=CUST-001`);

    const orderView = page.locator("#order-view");
    await expect.poll(() => orderView.textContent(), { timeout: 10_000 }).toContain(view!.status);
    expect(await orderView.textContent()).toContain("SKU-4892");
    const timeline = page.locator("#order-timeline > li");
    await expect.poll(() => timeline.count(), { timeout: 10_000 }).toBe(events.events.length);
    expect(await timeline.first().textContent()).toContain(events.events[0]!.type);
    expect(await timeline.last().textContent()).toContain(events.events.at(-1)!.type);

    // The order's own trace is drawn whole; any other span shown belongs to a trace its events name.
    const spans = page.locator("#order-trace div.span[data-span-id]");
    await expect.poll(() => spans.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(orderSpans.length);
    const ids = await spans.evaluateAll((els) => els.map((e) => e.getAttribute("data-span-id")));
    expect(ids).toEqual(expect.arrayContaining(orderSpans.map((s) => s.span_id)));
    const known = new Map([...traces.values()].flat().map((s) => [s.span_id, s]));
    expect(ids.filter((id) => !known.has(id!))).toEqual([]);
    const shownModelCalls = ids
      .map((id) => known.get(id!)!)
      .filter((s) => typeof s.attributes["gen_ai.request.model"] === "string");
    for (const span of shownModelCalls) {
      const text = await page.locator(`#order-trace div.span[data-span-id="${span.span_id}"]`).first().textContent();
      expect(text).toContain(String(span.attributes["gen_ai.request.model"]));
    }
    await screenshot(page, "08-order-page");
  });
});

describe("signed in", () => {
  // Runs after the escalation tests, so the window holds an approved split and its model calls;
  // Beta's price of $80 against its $78 contract adds an exception the system resolves itself.
  it("shows the eight panels, each with a drawn chart or a table with rows", async () => {
    await placeSettled(baseUrl, freshPo("PO-PANELS"), [{ sku: "SKU-7211", qty: 10, unit_price: 80 }], "CUST-002");
    await signedIn();
    expect(await page.locator("#window option").allTextContents()).toEqual(["1h", "24h", "7d", "30d"]);
    expect(await page.locator("#window").inputValue()).toBe("24h");
    for (const name of PANELS) {
      const panel = page.locator(`section.panel[data-panel="${name}"]`);
      expect(await panel.locator("h2").count(), `panel ${name} has a heading`).toBe(1);
      await expect
        .poll(() => panelRendered(page, name), { timeout: 10_000, message: `panel ${name} drawn` })
        .toBe(true);
      expect(Number.isNaN(Date.parse((await panel.getAttribute("data-updated-at")) ?? "")), `${name} updated-at`).toBe(
        false,
      );
    }
    expect(await page.locator("section.panel").count()).toBe(8);
    expect(["live", "polling"]).toContain(await page.locator("#live-status").textContent());
    await screenshot(page, "04-dashboard");
    // The window is selectable: choosing 7d asks for the 7-day figures.
    const isSevenDays = (u: URL) => u.pathname === "/v1/metrics" && u.searchParams.get("window") === "7d";
    const sevenDays = page.waitForRequest((r) => isSevenDays(new URL(r.url())), { timeout: 5_000 });
    await page.locator("#window").selectOption("7d");
    expect((await (await sevenDays).allHeaders()).authorization).toBe(`Bearer ${TOKENS.ops}`);
  });

  it("shows a new order within 5 s without a reload", async () => {
    // Bugs caught: a dashboard drawn once at sign-in and never again, or one that reloads the page.
    const metrics = () => api(baseUrl, "/v1/metrics?window=24h", TOKENS.ops).then((r) => r.json() as Promise<Metrics>);
    await signedIn();
    for (const name of PANELS) await expect.poll(() => panelRendered(page, name), { timeout: 10_000 }).toBe(true);
    const before = received(await metrics());
    const shown = await settledSnapshot(page, "orders");
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));
    const seen: number[] = [];
    page.on("response", async (r) => {
      if (new URL(r.url()).pathname === "/v1/metrics" && r.ok()) seen.push(received((await r.json()) as Metrics));
    });

    await placeSettled(baseUrl, freshPo("PO-LIVE"), [{ sku: "SKU-7210", qty: 5 }]);
    const placedAt = Date.now();
    expect(received(await metrics())).toBe(before + 1);
    await until(
      async () => seen.includes(before + 1),
      Boolean,
      5_000,
      "the console fetched metrics with the new order",
    );
    await until(
      () => settledSnapshot(page, "orders"),
      (now) => now !== shown,
      5_000,
      "the orders panel redrawn",
    );
    expect(Date.now() - placedAt).toBeLessThan(7_500);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await screenshot(page, "05-dashboard-after-order");
    // The README's picture of the console, refreshed on request so a test run leaves git clean.
    if (process.env.UPDATE_README_SCREENSHOT === "1")
      copyFileSync(
        join(SCREENSHOTS, "05-dashboard-after-order.png"),
        join(import.meta.dirname, "../../docs/dashboard.png"),
      );
  });
});
