declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("@cloudflare/vitest-plugin").D1Migration[];
    /** The fake Messages API's base URL, for tests that script or read it. */
    FAKE_ANTHROPIC_URL: string;
  }
}
