import { Hono } from "hono";
import { z } from "zod";
import { episodeId } from "../../shared/memory/episode-builder";
import { Satisfaction } from "../../shared/memory/memory.schema";
import { fieldErrorsFromZod } from "../../shared/order-validation";
import type { AppEnv } from "../context";
import { AppError } from "../errors";
import { readJsonObject } from "../http/json-body";
import { throttle } from "../http/throttle";
import { visibleOrder } from "../http/visible-order";
import { authenticate } from "../middleware";

const Csat = z.strictObject({ exception_id: z.string().min(1).max(100), customer_satisfaction: Satisfaction });

/** `POST /v1/orders/:po/csat`: how the customer felt about a resolution, kept on its episode; throttled per principal. */
export const csatRoutes = new Hono<AppEnv>().post(
  "/:po/csat",
  authenticate(["customer", "ops"]),
  throttle("csat"),
  async (c) => {
    const { view, stub } = await visibleOrder(c);
    const po = view.po_number;
    const parsed = Csat.safeParse((await readJsonObject(c.req.raw)).value);
    if (!parsed.success) {
      const errors = fieldErrorsFromZod(parsed.error);
      throw new AppError(
        422,
        "invalid-csat",
        `the satisfaction report is invalid: ${errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`,
        { errors },
      );
    }
    const result = await stub.recordCsat({ ...parsed.data, traceparent: c.get("span").traceparent });
    if (!result.applied) throw new AppError(409, "csat-refused", result.refused ?? "refused", { po_number: po });
    return c.json({
      po_number: po,
      exception_id: parsed.data.exception_id,
      customer_satisfaction: parsed.data.customer_satisfaction,
      episode_id: episodeId(parsed.data.exception_id),
    });
  },
);
