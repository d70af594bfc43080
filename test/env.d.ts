declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("@cloudflare/vitest-plugin").D1Migration[];
    /** The fake Messages API's base URL, for tests that script or read it. */
    FAKE_ANTHROPIC_URL: string;
    /** The loopback OTLP receiver's base URL; a test's collector is `${OTLP_RECEIVER_URL}/c/<name>`. */
    OTLP_RECEIVER_URL: string;
  }
}

/** A file's text, imported through Vite's `?raw` suffix (the configuration tests read wrangler.toml). */
declare module "*?raw" {
  const text: string;
  export default text;
}
