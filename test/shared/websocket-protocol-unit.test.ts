import { describe, expect, it } from "vitest";
import { closeCodeToEcho, requestedSubprotocols } from "../../src/shared/websocket-protocol";

describe("WebSocket protocol helpers", () => {
  it("reads the requested subprotocols in order, ignoring blanks", () => {
    expect(requestedSubprotocols("bearer, dev-ops-token")).toEqual(["bearer", "dev-ops-token"]);
    expect(requestedSubprotocols(" , bearer ,")).toEqual(["bearer"]);
    expect(requestedSubprotocols(null)).toEqual([]);
  });

  it("echoes a sendable close code and turns a reporting-only one into a normal closure", () => {
    expect(closeCodeToEcho(1001)).toBe(1001);
    expect(closeCodeToEcho(4001)).toBe(4001);
    // 1005 (no status), 1006 (abnormal) and 1015 (TLS) may not be sent: close() would throw.
    for (const code of [1005, 1006, 1015, 999, 2000, 5000]) expect(closeCodeToEcho(code)).toBe(1000);
  });
});
