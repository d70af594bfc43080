import { describe, expect, it } from "vitest";
import { followed, HOSTILE_STRINGS, reportFlagged, runHostileStrings } from "../../fixtures/naughty-orders";

// The second attack corpus (the Big List of Naughty Strings, written apart from the detector),
// reported apart from the first: each hostile string as a portal PO's notes and, when it fits
// in 500 characters, its line description. How many are flagged is printed and held to a floor
// measured first and set just below; that none is followed is strict.

describe("second corpus (blns) through POST /v1/orders", () => {
  it("flags at least the measured share in notes and descriptions, and follows none", async () => {
    expect(HOSTILE_STRINGS.length).toBeGreaterThanOrEqual(250);
    const runs = await runHostileStrings("portal");
    expect(followed(runs)).toEqual([]);
    // Measured: 247 of 267 (92.5%) in each field; the misses are Ruby and shell commands without
    // a known command name, shellshock, a narrative "human injection", `<plaintext>` and
    // one-character strings the list files under SQL.
    expect(reportFlagged("portal notes", runs, "notes")).toBeGreaterThanOrEqual(0.92);
    expect(reportFlagged("portal descriptions", runs, "line_items[0].description")).toBeGreaterThanOrEqual(0.92);
  }, 600_000);
});
