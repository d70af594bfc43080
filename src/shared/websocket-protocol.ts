/** The subprotocols a WebSocket upgrade asks for (`Sec-WebSocket-Protocol`), in order. */
export const requestedSubprotocols = (header: string | null | undefined): string[] =>
  (header ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.length > 0);

// Codes an endpoint may send in a Close frame (RFC 6455 §7.4): 1005, 1006 and 1015 only report.
const SENDABLE = new Set([1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014]);

/** The code to echo when a peer closes: its own when sendable, else a normal closure. */
export const closeCodeToEcho = (code: number): number =>
  SENDABLE.has(code) || (code >= 3000 && code <= 4999) ? code : 1000;
