import { beforeEach, describe, expect, it } from "vitest";
import { ATTACKS } from "../../fixtures/attacks/corpus";
import { expectQuarantinedOrder } from "../../fixtures/adversarial";
import { freshPo } from "../../fixtures/api";
import { resetStock } from "../../fixtures/stock";

// DESIGN §5.1: hostile free text is quarantined and the order goes on. Every payload of the
// corpus goes through the real Worker as a PO's `notes`, one PO each; the two over 10,000
// characters must come out as `oversized_text`, quarantined rather than refused.

beforeEach(resetStock);

/** Corpus ids whose behaviour through the API differs from the corpus; each is skipped with its finding. */
const MISMATCHES: Readonly<Record<string, string>> = {};

describe("every corpus payload as notes is quarantined and the order goes on", () => {
  it("runs the whole corpus, including the oversized payloads", () => {
    expect(ATTACKS.length).toBeGreaterThanOrEqual(40);
    expect(ATTACKS.filter((a) => a.payload.length > 10_000).map((a) => a.id)).toEqual([
      "over-benign",
      "over-hidden-script",
    ]);
    expect(new Set(ATTACKS.map((a) => a.id)).size).toBe(ATTACKS.length);
  });

  for (const attack of ATTACKS) {
    const run = attack.id in MISMATCHES ? it.skip : it;
    run(
      `${attack.id} (${attack.category}, ${attack.technique}) is quarantined as ${attack.expect.join(" + ")}`,
      async () => {
        await expectQuarantinedOrder(freshPo(), "notes", attack.payload, attack.expect);
      },
    );
  }
});
