import { z } from "zod";
import { AmendmentSource } from "./amendment.schema";
import { ViewLine } from "./fulfillment.schema";

/**
 * The events of an amended order (DESIGN §14). Both carry the `AmendmentSource` so outbound EDI
 * can answer the amendment (855, or 865 for an 860).
 */
export const AMENDMENT_EVENTS = [
  z.object({
    type: z.literal("order.cancelled"),
    /** The status moves to `cancelled` only when `whole`; `released` is the planned stock the cancellation gives back. */
    data: z.object({
      reason: z.string(),
      whole: z.boolean(),
      lines: z.array(z.object({ sku: z.string(), qty_cancelled: z.number().int(), qty_remaining: z.number().int() })),
      released: z.array(z.object({ sku: z.string(), warehouse: z.string(), qty: z.number().int() })),
      escalations_closed: z.array(z.string()),
      /**
       * An extension of the shared contract: after a partial cancellation, the order's whole line
       * set re-priced by the contract at the quantities that remain, so the view is folded from the event alone.
       */
      lines_after: z.array(ViewLine).optional(),
      source: AmendmentSource,
      business_at: z.string(),
    }),
  }),
  z.object({
    type: z.literal("order.changed"),
    /**
     * `lines` (an extension of the shared contract) is the order's whole line set after the change,
     * priced by the contract, so the view is folded from the event alone.
     */
    data: z.object({
      changes: z.array(
        z.object({
          sku: z.string(),
          qty_before: z.number().int(),
          qty_after: z.number().int(),
          unit_price_before: z.number().nullable(),
          unit_price_after: z.number().nullable(),
        }),
      ),
      requested_delivery_date: z.object({ before: z.string().nullable(), after: z.string() }).optional(),
      total_before: z.number(),
      total_after: z.number(),
      note: z.string().nullable(),
      lines: z.array(ViewLine),
      source: AmendmentSource,
      business_at: z.string(),
    }),
  }),
] as const;
