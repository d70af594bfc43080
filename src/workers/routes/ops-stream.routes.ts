import { Hono } from "hono";
import { connectToOpsHub } from "../../durable-objects/ops-hub.do";
import type { AppEnv } from "../context";
import { AppError } from "../errors";
import { authenticate } from "../middleware";
import { PROBLEMS } from "../problems";

/**
 * The operations console's live stream (DESIGN §12): a WebSocket for ops principals, who
 * authenticate with `Authorization: Bearer` or, from a browser, the subprotocol list
 * `["bearer", TOKEN]`. The hub greets with `hello`, then relays order events and escalations.
 */
export const opsStreamRoutes = new Hono<AppEnv>().get(
  "/stream",
  authenticate(["ops"], { allowBearerSubprotocol: true }),
  async (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      throw new AppError(PROBLEMS.upgradeRequired, "this endpoint streams over WebSocket: send Upgrade: websocket");
    }
    return connectToOpsHub(c.env.OPS_HUB, c.req.raw);
  },
);
