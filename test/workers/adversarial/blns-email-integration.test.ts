import { describe, expect, it } from "vitest";
import { followed, reportFlagged, runHostileStrings } from "../../fixtures/naughty-orders";

// The second attack corpus (the Big List of Naughty Strings) as an e-mail PO's delivery notes,
// reported apart from the portal. The e-mail channel reads an HTML body as text before anything
// inspects it, so most script payloads lose their tags and arrive as plain words: fewer strings
// are flagged here, and none may be followed or reach a view tag-shaped.

describe("second corpus (blns) through POST /v1/orders/email", () => {
  it("flags at least the measured share of delivery notes, and follows none", async () => {
    const runs = await runHostileStrings("email");
    expect(followed(runs)).toEqual([]);
    // Measured: 99 of 267 (37.1%): 149 script payloads are stripped of their tags, not flagged.
    expect(reportFlagged("e-mail delivery notes", runs, "notes")).toBeGreaterThanOrEqual(0.37);
  }, 600_000);
});
