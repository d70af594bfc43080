import { Hono } from "hono";
import type { AppEnv } from "./context";
import { notFound } from "./errors";
import { openApiDocument } from "./openapi";
import { handleError, traceRequests } from "./middleware";
import { adminRoutes } from "./routes/admin.routes";
import { adminRulesRoutes } from "./routes/admin-rules.routes";
import { adminTokensRoutes } from "./routes/admin-tokens.routes";
import { catalogRoutes } from "./routes/catalog.routes";
import { csatRoutes } from "./routes/csat.routes";
import { ediRoutes } from "./routes/edi.routes";
import { ediOutboundRoutes } from "./routes/edi-outbound.routes";
import { escalationsRoutes } from "./routes/escalations.routes";
import { emailRoutes } from "./routes/email.routes";
import { healthRoutes } from "./routes/health.routes";
import { memoryRoutes } from "./routes/memory.routes";
import { metricsRoutes } from "./routes/metrics.routes";
import { opsStreamRoutes } from "./routes/ops-stream.routes";
import { ordersRoutes } from "./routes/orders.routes";
import { statusQueryRoutes } from "./routes/status-query.routes";
import { tracesRoutes } from "./routes/traces.routes";
import { trackingRoutes } from "./routes/tracking.routes";
import { webhooksRoutes } from "./routes/webhooks.routes";

/** The HTTP API of DESIGN §4. */
export function buildApp() {
  const app = new Hono<AppEnv>();
  app.use("*", traceRequests);
  app.route("/v1/health", healthRoutes);
  app.get("/v1/openapi.json", (c) => c.json(openApiDocument()));
  app.route("/v1/orders/edi", ediRoutes);
  app.route("/v1/edi/outbound", ediOutboundRoutes);
  app.route("/v1/orders/email", emailRoutes);
  app.route("/v1/orders", statusQueryRoutes);
  app.route("/v1/orders", csatRoutes);
  app.route("/v1/escalations", escalationsRoutes);
  app.route("/v1/catalog", catalogRoutes);
  app.route("/v1/admin", adminTokensRoutes);
  app.route("/v1/admin", adminRulesRoutes);
  app.route("/v1/memory", memoryRoutes);
  app.route("/v1/metrics", metricsRoutes);
  app.route("/v1/orders", ordersRoutes);
  app.route("/v1/ops", opsStreamRoutes);
  app.route("/v1/traces", tracesRoutes);
  app.route("/v1/tracking", trackingRoutes);
  app.route("/v1/webhooks", webhooksRoutes);
  app.route("/v1/admin", adminRoutes);
  app.get("/dashboard", async (c) => {
    // An asset's headers are immutable; the copy lets the tracing middleware add x-trace-id.
    const page = await c.env.ASSETS.fetch(new Request(new URL("/dashboard.html", c.req.url)));
    return new Response(page.body, page);
  });
  app.notFound((c) => handleError(notFound(`no route for ${c.req.method} ${new URL(c.req.url).pathname}`), c));
  app.onError(handleError);
  return app;
}
