import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { seedDatabase } from "../../src/seed/seed";
import { LimitedD1 } from "../fixtures/limited-d1";

it("the seed binds at most 100 parameters a statement, however the seed data grows (it chunks its multi-row inserts)", async () => {
  // The test setup seeded already; without its marker the seed runs again, every insert ignoring rows there.
  await env.DB.prepare("DELETE FROM meta WHERE key = 'seeded_at'").run();
  const db = new LimitedD1(env.DB);
  const result = await seedDatabase({ ...env, DB: db });
  expect(result.seeded).toBe(true);
  expect(db.usage.maxParameters).toBeLessThanOrEqual(100);
  expect(db.usage.queries).toBeLessThan(100);
});
