import { z } from "zod";
import { extractPurchaseOrder } from "../email/extractor";
import { InboundEmail } from "../email/email.schema";
import type { OfflineAnswerer } from "../models/offline.provider";
import type { ContentBlock } from "../models/provider";
import type { ModelTask } from "../models/router";
import { answerFromRetrieved, RetrievedContext } from "../retrieval/retrieved-answer";
import { RESPOND_TOOL } from "../models/structured";
import { answerInvestigation } from "../investigation/offline-investigator";
import { inTierTone } from "../notifications";
import type { NotificationBrief } from "./task-requests";
import { lastUserText, readTagged } from "./tagged";

/** The order context fields the offline status answer reads. */
const StatusContext = z.object({
  order: z.object({
    po_number: z.string(),
    status: z.string(),
    eta: z.string().nullable(),
    shipments: z.array(
      z.object({
        carrier: z.string().nullable(),
        tracking: z.string().nullable(),
        status: z.string(),
        eta: z.string().nullable(),
      }),
    ),
    exceptions: z.array(z.object({ type: z.string(), status: z.string() })),
    backorders: z.array(z.object({ sku: z.string(), qty: z.number(), supplier_eta: z.string().nullable() })),
  }),
});

const text = (t: string): ContentBlock[] => [{ type: "text", text: t }];

/**
 * A status answer from the order's facts alone, the rule an operations clerk would follow; a
 * question about a product, a price or a contract term is answered from its retrieved facts.
 */
export const answerStatusQuery: OfflineAnswerer = (request) => {
  const prompt = lastUserText(request.messages);
  const retrieved = RetrievedContext.safeParse(readTagged(prompt, "retrieved"));
  if (retrieved.success) return text(answerFromRetrieved(retrieved.data));
  const parsed = StatusContext.safeParse(readTagged(prompt, "order_context"));
  if (!parsed.success) return text("I could not read this order's details; our operations team will follow up.");
  const o = parsed.data.order;
  const parts = [`Purchase order ${o.po_number} is ${o.status.replace(/-/g, " ")}.`];
  const moving = o.shipments.filter((s) => s.tracking);
  for (const s of moving)
    parts.push(
      `Shipment with ${s.carrier ?? "the carrier"}, tracking ${s.tracking}, is ${s.status}${s.eta ? `, expected ${s.eta}` : ""}.`,
    );
  if (!moving.length && o.eta) parts.push(`Expected delivery: ${o.eta}.`);
  for (const b of o.backorders)
    parts.push(`${b.qty} x ${b.sku} is backordered${b.supplier_eta ? ` until ${b.supplier_eta}` : ""}.`);
  const open = o.exceptions.filter((x) => x.status !== "resolved");
  if (open.length)
    parts.push(`Open issue(s): ${open.map((x) => x.type.replace(/_/g, " ")).join(", ")}; our team is on it.`);
  return text(parts.join(" "));
};

/** A notification in the tier's tone around the approved draft, which carries every fact. */
export const answerNotification: OfflineAnswerer = (request) => {
  const brief = readTagged(lastUserText(request.messages), "notification") as NotificationBrief | null;
  if (!brief || typeof brief.draft !== "string")
    return text("Update on your purchase order: our team will follow up shortly.");
  return text(inTierTone(brief.draft, brief.tier, brief.sla));
};

/** E-mail extraction by the deterministic extractor, answered through the `respond` tool as the model would. */
const answerEmailExtraction: OfflineAnswerer = (request) => {
  const prompt = lastUserText(request.messages);
  const email = InboundEmail.safeParse(readTagged(prompt, "email"));
  const directory = readTagged(prompt, "directory");
  const extraction =
    email.success && Array.isArray(directory)
      ? extractPurchaseOrder(email.data, directory)
      : { kind: "unreadable" as const, reason: "the e-mail could not be read from the request" };
  const wrapped = request.tools?.find((t) => t.name === RESPOND_TOOL)?.input_schema.properties?.value !== undefined;
  return [
    {
      type: "tool_use",
      id: `offline_${request.metadata.interaction_id}`,
      name: RESPOND_TOOL,
      input: wrapped ? { value: extraction } : extraction,
    },
  ];
};

/** The offline provider's rules, task by task. */
export const OFFLINE_ANSWERERS: Partial<Record<ModelTask, OfflineAnswerer>> = {
  status_query: answerStatusQuery,
  customer_communication: answerNotification,
  order_validation: answerEmailExtraction,
  exception_investigation: answerInvestigation,
  exception_analysis: answerInvestigation,
  multi_exception: answerInvestigation,
  complex_resolution: answerInvestigation,
};
