import { Hono } from "hono";
import { z } from "zod";
import { cursorCodec } from "../http/cursor";
import { getOutbound, listOutbound, type OutboundRow } from "../../shared/db/edi-outbound-repository";
import type { AppEnv } from "../context";
import { AppError } from "../errors";
import { PROBLEMS } from "../problems";
import { OutboundListQuery } from "../http/request-schemas";
import { validate } from "../http/validate";
import { authenticate } from "../middleware";

const Cursor = z.object({ createdAt: z.string(), id: z.string() });

const cursor = cursorCodec(Cursor);

const listed = (r: OutboundRow) => ({
  id: r.id,
  partner: r.partner_id,
  type: r.type,
  po_number: r.po_number,
  customer_id: r.customer_id,
  control_number: String(r.control_number).padStart(9, "0"),
  created_at: r.created_at,
  ack_status: r.ack_status,
  acked_at: r.acked_at,
});

/** Documents generated for trading partners (DESIGN §14), for the EDI gateway: listed oldest first, and each as X12 text. */
export const ediOutboundRoutes = new Hono<AppEnv>()
  .get("/", authenticate(["ops"]), async (c) => {
    const q = validate(OutboundListQuery, c.req.query(), PROBLEMS.invalidRequest, "the request");
    const page = await listOutbound(c.env.DB, {
      partner: q.partner,
      type: q.type,
      since: q.since,
      limit: q.limit,
      cursor: q.cursor ? cursor.decode(q.cursor) : undefined,
    });
    const last = page.rows.at(-1);
    return c.json({
      documents: page.rows.map(listed),
      next_cursor: page.more && last ? cursor.encode({ createdAt: last.created_at, id: last.id }) : null,
    });
  })
  .get("/:id", authenticate(["ops"]), async (c) => {
    const row = await getOutbound(c.env.DB, c.req.param("id"));
    if (!row?.x12) throw new AppError(PROBLEMS.notFound, "no outbound EDI document has this id");
    return c.body(row.x12, 200, { "content-type": "application/edi-x12" });
  });
