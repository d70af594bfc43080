import { describe, expect, it } from "vitest";
import { otlpExportConfig, parseOtlpHeaders } from "../../src/shared/otlp-export";

describe("otlpExportConfig", () => {
  it("is off when the endpoint is empty, blank or unset", () => {
    expect(otlpExportConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "" })).toBeNull();
    expect(otlpExportConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "  " })).toBeNull();
    expect(otlpExportConfig({})).toBeNull();
  });

  it("sends to <endpoint>/v1/traces, with or without a trailing slash", () => {
    expect(otlpExportConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel.example:4318" })?.url).toBe(
      "https://otel.example:4318/v1/traces",
    );
    expect(otlpExportConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel.example/base/" })?.url).toBe(
      "https://otel.example/base/v1/traces",
    );
  });

  it("carries the headers and the deployment", () => {
    expect(
      otlpExportConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel.example",
        OTEL_EXPORTER_OTLP_HEADERS: "x-api-key=abc",
        DEPLOYMENT: "local",
      }),
    ).toEqual({ url: "https://otel.example/v1/traces", headers: { "x-api-key": "abc" }, deployment: "local" });
  });
});

describe("parseOtlpHeaders", () => {
  it("reads comma-separated key=value pairs and percent-decodes the values", () => {
    expect(parseOtlpHeaders("api-key=secret, Authorization=Basic%20dXNlcjpwYXNz")).toEqual({
      "api-key": "secret",
      authorization: "Basic dXNlcjpwYXNz",
    });
  });

  it("keeps an '=' inside a value and skips pairs without a key", () => {
    expect(parseOtlpHeaders("token=a=b,=orphan,novalue")).toEqual({ token: "a=b" });
  });

  it("keeps a value that is not valid percent-encoding as written", () => {
    expect(parseOtlpHeaders("k=100%")).toEqual({ k: "100%" });
  });
});
