import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("smoke", () => {
  it("health answers", async () => {
    const res = await exports.default.fetch("http://localhost/v1/health");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-trace-id")).toMatch(/^[0-9a-f]{32}$/);
    const body = await res.json();
    console.log(JSON.stringify(body));
    const count = await env.DB.prepare("SELECT count(*) AS n FROM order_index").first();
    console.log(JSON.stringify(count));
  });
});
