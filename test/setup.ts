import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { seedDatabase } from "../src/seed/seed";

// Setup files may run more than once; migrations and the seed are both idempotent.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await seedDatabase(env);
