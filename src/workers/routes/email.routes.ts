import { Hono } from "hono";
import { InboundEmail } from "../../shared/email/email.schema";
import type { AppEnv } from "../context";
import { readValidJson } from "../http/validate";
import { intakeResponse } from "../intake/answer-intake";
import { receiveEmail } from "../intake/receive-email";
import { authenticate } from "../middleware";
import { PROBLEMS } from "../problems";

/** E-mail PO intake (DESIGN §4), for the mail gateway: see `receiveEmail`. */
export const emailRoutes = new Hono<AppEnv>().post("/", authenticate(["ops"]), async (c) => {
  const { data: email, bytes } = await readValidJson(c.req.raw, InboundEmail, PROBLEMS.invalidEmail, "the e-mail");
  const waitUntil = (work: Promise<unknown>) => c.executionCtx.waitUntil(work);
  const caller = { principal: c.get("principal"), span: c.get("span"), tracer: c.get("tracer"), waitUntil };
  return intakeResponse(await receiveEmail(c.env, email, bytes, caller));
});
