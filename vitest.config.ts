import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const QUEUES = ["intake", "fulfillment", "exceptions", "comms", "orders-dlq"];

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          // Needed for `exports.default.queue()` in tests; an experimental flag, tests only.
          compatibilityFlags: ["service_binding_extra_handlers"],
          bindings: {
            TEST_MIGRATIONS: migrations,
            ERP_WEBHOOK_SECRET: "whsec_ZGV2LWVycC1zZWNyZXQtMzItYnl0ZXMtbG9uZyEhISE=",
            CARRIER_WEBHOOK_SECRET: "whsec_ZGV2LWNhcnJpZXItc2VjcmV0LTMyLWJ5dGVzLWxvbmc=",
            ANTHROPIC_API_KEY: "",
            ANTHROPIC_BASE_URL: "",
          },
          // Each queue hop waits for the batch timeout; 50 ms keeps end-to-end tests quick.
          queueConsumers: Object.fromEntries(QUEUES.map((q) => [q, { maxBatchTimeout: 0.05 }])),
        },
      }),
    ],
    test: {
      setupFiles: ["./test/setup.ts"],
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  };
});
