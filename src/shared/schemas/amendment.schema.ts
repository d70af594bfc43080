import { z } from "zod";
import { SKU } from "./purchase-order.schema";

/**
 * Amendments of an order (DESIGN §14): what a buyer asks for by the API (`POST /v1/orders/:po/cancel`,
 * `POST /v1/orders/:po/changes`) and what an 850 cancellation or replacement (BEG01 `01`, `05`) or an
 * 860 change order is mapped to. Every channel ends in one of these two commands.
 */

const AmendedLine = z.strictObject({
  sku: z.string().regex(SKU, { message: "must be a part number from the catalog" }),
  qty: z
    .number({ message: "must be a number" })
    .int({ message: "must be a whole number" })
    .nonnegative({ message: "must be 0 or more" }),
});

/** Cancel the whole order (no `lines`) or these quantities of some of its lines. */
export const CancelRequest = z.strictObject({
  reason: z.string().trim().min(1, { message: "must say why" }).max(1_000),
  lines: z
    .array(AmendedLine.extend({ qty: AmendedLine.shape.qty.positive({ message: "must be greater than 0" }) }))
    .min(1)
    .max(500)
    .optional(),
});
export type CancelRequest = z.infer<typeof CancelRequest>;

/**
 * Change the order: each listed line gets the new quantity (0 removes it; a part not on the order
 * is added, with the buyer's `unit_price` when given), and/or a new requested delivery date.
 */
export const ChangeRequest = z
  .strictObject({
    lines: z
      .array(AmendedLine.extend({ unit_price: z.number().finite().nonnegative().optional() }))
      .min(1)
      .max(500)
      .optional(),
    requested_delivery_date: z.iso.date({ message: "must be an ISO date (YYYY-MM-DD)" }).optional(),
    note: z.string().max(10_000).optional(),
  })
  .refine((c) => c.lines !== undefined || c.requested_delivery_date !== undefined, {
    message: "must change lines or the requested delivery date",
  });
export type ChangeRequest = z.infer<typeof ChangeRequest>;

/** Where an amendment came from, kept on its event so outbound EDI can answer it (855, or 865 for an 860). */
export const AmendmentSource = z.discriminatedUnion("channel", [
  z.object({ channel: z.literal("api") }),
  z.object({
    channel: z.literal("edi"),
    /** "850" for BEG01 `01`/`05`, "860" for a change order. */
    transaction_set: z.enum(["850", "860"]),
    sender_id: z.string(),
    interchange_control_number: z.string(),
    transaction_control_number: z.string(),
  }),
]);
export type AmendmentSource = z.infer<typeof AmendmentSource>;
