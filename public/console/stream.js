// The live operations stream (GET /v1/ops/stream). Browsers cannot set headers on a WebSocket,
// so the token rides in the subprotocol list ["bearer", TOKEN]. The stream is best-effort: the
// console polls anyway, and this only makes updates sooner.
const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * Keeps a stream open while signed in, reconnecting with backoff.
 * @param {string} token
 * @param {{ onMessage: (msg: { type: string, [k: string]: unknown }) => void, onStatus: (live: boolean) => void }} handlers
 * @returns {() => void} closes the stream for good
 */
export function openStream(token, { onMessage, onStatus }) {
  let socket = null;
  let timer = 0;
  let failures = 0;
  let closed = false;

  const connect = () => {
    const url = `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/v1/ops/stream`;
    try {
      socket = new WebSocket(url, ["bearer", token]);
    } catch {
      return retry();
    }
    socket.addEventListener("open", () => {
      failures = 0;
      onStatus(true);
    });
    socket.addEventListener("message", (e) => {
      try {
        const msg = JSON.parse(String(e.data));
        if (msg && typeof msg.type === "string") onMessage(msg);
      } catch {
        // A malformed message is dropped: polling covers what it would have said.
      }
    });
    socket.addEventListener("close", () => {
      onStatus(false);
      retry();
    });
  };
  const retry = () => {
    if (closed) return;
    const wait = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)];
    failures += 1;
    timer = window.setTimeout(connect, wait);
  };

  connect();
  return () => {
    closed = true;
    window.clearTimeout(timer);
    socket?.close(1000, "signed out");
    onStatus(false);
  };
}
