import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { startFakeMessagesServer } from "./test/anthropic/fake-messages-server";
import { startOtlpReceiver } from "./test/fixtures/otlp-receiver-server";

const QUEUES = ["intake", "fulfillment", "exceptions", "comms", "orders-dlq"];

const SECRETS = {
  ERP_WEBHOOK_SECRET: "whsec_ZGV2LWVycC1zZWNyZXQtMzItYnl0ZXMtbG9uZyEhISE=",
  CARRIER_WEBHOOK_SECRET: "whsec_ZGV2LWNhcnJpZXItc2VjcmV0LTMyLWJ5dGVzLWxvbmc=",
};

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  // A Messages-API-compatible server on loopback, for the project that runs with a key.
  const fake = await startFakeMessagesServer();
  // An OTLP/HTTP collector on loopback; only the export tests point the exporter at it.
  const otlp = await startOtlpReceiver();
  const worker = (model: { ANTHROPIC_API_KEY: string; ANTHROPIC_BASE_URL: string }) =>
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        // Needed for `exports.default.queue()` in tests; an experimental flag, tests only.
        compatibilityFlags: ["service_binding_extra_handlers"],
        // Tests are local development: wrangler.toml's defaults are the deployable, safe ones.
        bindings: {
          TEST_MIGRATIONS: migrations,
          ...SECRETS,
          ...model,
          CARRIER_API_KEY: "",
          DEPLOYMENT: "local",
          SEED_ON_START: "true",
          FAKE_ANTHROPIC_URL: fake.url,
          OTLP_RECEIVER_URL: otlp.url,
        },
        // Each queue hop waits for the batch timeout; 50 ms keeps end-to-end tests quick.
        queueConsumers: Object.fromEntries(QUEUES.map((q) => [q, { maxBatchTimeout: 0.05 }])),
      },
    });
  const common = { setupFiles: ["./test/setup.ts"], testTimeout: 30_000, hookTimeout: 60_000 };
  return {
    test: {
      projects: [
        {
          plugins: [worker({ ANTHROPIC_API_KEY: "", ANTHROPIC_BASE_URL: "" })],
          test: {
            ...common,
            name: "offline",
            include: ["test/**/*.test.ts"],
            exclude: ["test/anthropic/**", "test/browser/**"],
          },
        },
        {
          plugins: [worker({ ANTHROPIC_API_KEY: "sk-ant-test-key", ANTHROPIC_BASE_URL: fake.url })],
          // One file at a time: the fake server's script and records are shared.
          test: { ...common, name: "anthropic", include: ["test/anthropic/**/*.test.ts"], fileParallelism: false },
        },
        {
          // Node, not workerd: the global setup starts the whole system as `npm start` does and
          // playwright-core drives Debian's chromium against it; one file at a time, one system.
          test: {
            name: "browser",
            environment: "node",
            include: ["test/browser/**/*-integration.test.ts"],
            globalSetup: ["./test/browser/harness/global-setup.ts"],
            fileParallelism: false,
            // These files run after the workerd projects, so the console's 5 s live-update check
            // does not race hundreds of other tests for the machine's cores. The system itself
            // starts first (vitest runs every project's globalSetup before any test) and idles meanwhile.
            sequence: { groupOrder: 1 },
            testTimeout: 60_000,
            hookTimeout: 90_000,
          },
        },
      ],
    },
  };
});
