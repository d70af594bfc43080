import { Hono } from "hono";
import type { AppEnv } from "../context";
import { AppError } from "../errors";
import { PROBLEMS } from "../problems";
import { decodeUtf8, readBodyBytes } from "../http/json-body";
import { isFunctionalAcknowledgment } from "../../shared/edi/outbound/ack997-matching";
import { receiveAck997 } from "../intake/receive-ack997";
import { receiveInterchange } from "../intake/receive-interchange";
import { authenticate } from "../middleware";

const EDI_TYPES = ["application/edi-x12", "application/edi", "text/plain", "text/x12"];

/** EDI X12 850 intake (DESIGN §5.4), for the EDI gateway: see `receiveInterchange`; a 997 back: see `receiveAck997`. */
export const ediRoutes = new Hono<AppEnv>().post("/", authenticate(["ops"]), async (c) => {
  const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!EDI_TYPES.includes(type))
    throw new AppError(
      PROBLEMS.unsupportedContentType,
      `expected Content-Type application/edi-x12 or text/plain, got ${type || "none"}`,
    );
  const raw = decodeUtf8(await readBodyBytes(c.req.raw));
  const caller = { principal: c.get("principal"), span: c.get("span") };
  // A partner's 997 for our documents comes the same way as its orders (DESIGN §14).
  const answer = isFunctionalAcknowledgment(raw)
    ? await receiveAck997(c.env, raw, caller)
    : await receiveInterchange(c.env, raw, caller);
  return c.json(answer.body, answer.status);
});
