import { Hono } from "hono";
import { episodeId } from "../../shared/memory/episode-builder";
import type { AppEnv } from "../context";
import { AppError } from "../errors";
import { PROBLEMS } from "../problems";
import { Csat } from "../http/request-schemas";
import { throttle } from "../http/throttle";
import { readValidJson } from "../http/validate";
import { visibleOrder } from "../http/visible-order";
import { authenticate } from "../middleware";

/** `POST /v1/orders/:po/csat`: how the customer felt about a resolution, kept on its episode; throttled per principal. */
export const csatRoutes = new Hono<AppEnv>().post(
  "/:po/csat",
  authenticate(["customer", "ops"]),
  throttle("csat"),
  async (c) => {
    const { view, stub } = await visibleOrder(c, "act");
    const po = view.po_number;
    const { data } = await readValidJson(c.req.raw, Csat, PROBLEMS.invalidCsat, "the satisfaction report");
    const result = await stub.recordCsat({ ...data, traceparent: c.get("span").traceparent });
    if (!result.applied) throw new AppError(PROBLEMS.csatRefused, result.refused ?? "refused", { po_number: po });
    return c.json({
      po_number: po,
      exception_id: data.exception_id,
      customer_satisfaction: data.customer_satisfaction,
      episode_id: episodeId(data.exception_id),
    });
  },
);
