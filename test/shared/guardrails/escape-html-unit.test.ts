import { describe, expect, it } from "vitest";
import { escapeHtml } from "../../../src/shared/guardrails/escape-html";
import { ATTACKS } from "../../fixtures/attacks/corpus";

describe("escapeHtml", () => {
  it("escapes the five HTML-significant characters", () => {
    expect(escapeHtml(`<a href="x" title='y'>R&D</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;R&amp;D&lt;/a&gt;",
    );
  });

  it("escapes an ampersand before anything else, so entities are not double-decoded", () => {
    expect(escapeHtml("&lt;script&gt;")).toBe("&amp;lt;script&amp;gt;");
  });

  it("leaves other text alone", () => {
    const text = "Order 50 units at $480 — José Núñez 👍 (net 45) /path\\ `tick`";
    expect(escapeHtml(text)).toBe(text);
    expect(escapeHtml("")).toBe("");
  });

  it.each(ATTACKS.filter((a) => a.expect.includes("script_injection")).map((a) => [a.id, a.payload] as const))(
    "%s escaped contains no raw angle bracket or quote",
    (_id, payload) => {
      expect(escapeHtml(payload)).not.toMatch(/[<>"']/);
    },
  );

  it("turns a script tag into text that no longer reads as markup", () => {
    const escaped = escapeHtml("<script>alert(1)</script>");
    expect(escaped).toBe("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(escaped).not.toContain("<script");
  });
});
