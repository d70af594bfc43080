// The console's shell: sign-in, the nav, routing between the three views, and the refresh loop
// (every 5 s while signed in, and on stream events, at most once per 2 s).
import { whenUnauthorized } from "./api.js";
import { checkToken, clearToken, getToken, setToken } from "./auth.js";
import { destroyCharts } from "./charts.js";
import { dashboardView, refreshDashboard } from "./dashboard.js";
import { el } from "./dom.js";
import { inboxView, refreshInbox } from "./inbox.js";
import { orderView, refreshOrder } from "./order-page.js";
import { orderHash, parseRoute } from "./router.js";
import { openStream } from "./stream.js";

const POLL_MS = 5_000;
// A busy system sends events back to back; each would re-run /v1/metrics, so they refresh at most this often.
const STREAM_REFRESH_MS = 2_000;
const signin = /** @type {HTMLFormElement} */ (document.getElementById("signin"));
let session = null;

signin.addEventListener("submit", async (e) => {
  e.preventDefault();
  const input = /** @type {HTMLInputElement} */ (document.getElementById("token"));
  const token = input.value.trim();
  if (!token) return;
  const problem = await checkToken(token);
  if (problem) return signinError(problem);
  input.value = "";
  setToken(token);
  start(token);
});

whenUnauthorized((message) => signOut(message));
const saved = getToken();
if (saved) start(saved);

/** @param {string} message */
function signinError(message) {
  let p = document.getElementById("signin-error");
  if (!p) {
    p = el("p", { id: "signin-error", role: "alert" });
    signin.append(p);
  }
  p.textContent = message;
}

/** @param {string} token */
function start(token) {
  document.getElementById("signin-error")?.remove();
  signin.hidden = true;
  const live = el("span", { id: "live-status", role: "status" }, "polling");
  const signOutButton = el("button", { type: "button", class: "signout" }, "Sign out");
  signOutButton.addEventListener("click", () => signOut());
  const nav = el(
    "nav",
    { "aria-label": "Console" },
    el("span", { class: "brand" }, "Operations console"),
    el("a", { href: "#/dashboard" }, "Dashboard"),
    el("a", { href: "#/escalations" }, "Escalations"),
    el("a", { href: "#/orders" }, "Orders"),
    live,
    signOutButton,
  );
  const main = el("main", { id: "console" });
  document.body.append(nav, main);

  const state = { nav, main, live, timer: 0, busy: null, again: false, closeStream: () => {}, view: "" };
  session = state;
  const streamRefresh = throttle(() => {
    if (session === state) refresh();
  }, STREAM_REFRESH_MS);
  state.closeStream = openStream(token, {
    onStatus: (isLive) => {
      live.textContent = isLive ? "live" : "polling";
    },
    onMessage: (msg) => {
      if (msg.type !== "hello") streamRefresh();
    },
  });
  window.addEventListener("hashchange", render);
  render();
  state.timer = window.setInterval(refresh, POLL_MS);
}

/** Builds the view of the current route, then fills it. */
function render() {
  if (!session) return;
  const route = parseRoute(location.hash);
  for (const a of session.nav.querySelectorAll("a")) {
    const current = a.getAttribute("href") === `#/${route.name}`;
    if (current) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  destroyCharts();
  session.view = location.hash;
  if (route.name === "dashboard") session.main.replaceChildren(dashboardView(refresh));
  else if (route.name === "escalations") session.main.replaceChildren(inboxView());
  else session.main.replaceChildren(orderView(route, (po, customerId) => (location.hash = orderHash(po, customerId))));
  refresh();
}

/** Refreshes the current view; calls that arrive meanwhile run once more after it, never in parallel. */
async function refresh() {
  const s = session;
  if (!s) return;
  if (s.busy) {
    s.again = true;
    return;
  }
  s.busy = fill(s.main, parseRoute(location.hash)).catch((e) => {
    // A 401 has already signed out; anything else waits for the next poll.
    if (e?.status !== 401) console.warn("console refresh failed", e);
  });
  await s.busy;
  s.busy = null;
  if (s.again && session === s) {
    s.again = false;
    refresh();
  }
}

/**
 * At most one call of fn per ms; a call inside the window is deferred to its end (only one kept),
 * so the last event still refreshes.
 * @param {() => void} fn @param {number} ms
 */
function throttle(fn, ms) {
  let last = 0;
  let pending = 0;
  return () => {
    if (pending) return;
    const wait = last + ms - Date.now();
    if (wait <= 0) {
      last = Date.now();
      fn();
      return;
    }
    pending = window.setTimeout(() => {
      pending = 0;
      last = Date.now();
      fn();
    }, wait);
  };
}

/** @param {HTMLElement} main @param {import("./router.js").Route} route */
function fill(main, route) {
  if (route.name === "dashboard") return refreshDashboard(main);
  if (route.name === "escalations") return refreshInbox(main, refresh);
  return route.po ? refreshOrder(main, route.po, route.customerId ?? null) : Promise.resolve();
}

/** @param {string} [message] */
function signOut(message) {
  const s = session;
  session = null;
  clearToken();
  if (s) {
    window.clearInterval(s.timer);
    s.closeStream();
    window.removeEventListener("hashchange", render);
    destroyCharts();
    s.nav.remove();
    s.main.remove();
  }
  signin.hidden = false;
  if (message) signinError(message);
  document.getElementById("token")?.focus();
}
