import { Webhook, WebhookVerificationError } from "standardwebhooks";

/** A verified webhook delivery: its id, its timestamp, and the raw body that was signed. */
export interface VerifiedDelivery {
  webhookId: string;
  timestamp: number;
}

/** Why a delivery was refused, for the 401 problem document. */
export class WebhookRejected extends Error {}

/**
 * Verifies a Standard Webhooks signature (DESIGN §5.3) against one or more secrets: during a
 * rotation the sender signs with both keys, or we hold both, and either may match. The
 * library checks the HMAC over `id.timestamp.body` in constant time and the 5-minute window.
 */
export function verifyWebhook(secrets: readonly string[], body: string, headers: Headers): VerifiedDelivery {
  const webhookId = headers.get("webhook-id");
  const timestamp = headers.get("webhook-timestamp");
  const signature = headers.get("webhook-signature");
  if (!webhookId || !timestamp || !signature)
    throw new WebhookRejected("webhook-id, webhook-timestamp and webhook-signature headers are all required");
  if (!/^\d{1,12}$/.test(timestamp))
    throw new WebhookRejected("webhook-timestamp must be whole seconds since the epoch");
  const signed = { "webhook-id": webhookId, "webhook-timestamp": timestamp, "webhook-signature": signature };
  let reason = "no signature matches";
  for (const secret of secrets) {
    try {
      new Webhook(secret).verify(body, signed, { jsonParse: false });
      return { webhookId, timestamp: Number(timestamp) };
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw err;
      reason = err.message === "No matching signature found" ? "no signature matches" : err.message.toLowerCase();
    }
  }
  throw new WebhookRejected(`signature rejected: ${reason}`);
}

/** The secrets in a setting: one `whsec_…` value, or several separated by spaces during rotation. */
export function secretsOf(setting: string | undefined): string[] {
  return (setting ?? "").split(/\s+/).filter((s) => s.startsWith("whsec_"));
}
