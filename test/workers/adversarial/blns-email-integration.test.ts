import { describe, expect, it } from "vitest";
import { followed, reportFlagged, runHostileStrings } from "../../fixtures/naughty-orders";

// The second attack corpus (the Big List of Naughty Strings) as an e-mail PO's delivery notes,
// reported apart from the portal. The e-mail channel reads an HTML body as text, which strips a
// script payload's tags; the guardrails check the e-mail as sent, so the notes read from it are
// quarantined all the same. None may be followed or reach a view tag-shaped.

describe("second corpus (blns) through POST /v1/orders/email", () => {
  it("flags at least the measured share of delivery notes, and follows none", async () => {
    const runs = await runHostileStrings("email");
    expect(followed(runs)).toEqual([]);
    // Measured: 247 of 267 (92.5%), as through the portal (it was 99 when only the stripped text was checked).
    expect(reportFlagged("e-mail delivery notes", runs, "notes")).toBeGreaterThanOrEqual(0.92);
  }, 600_000);
});
