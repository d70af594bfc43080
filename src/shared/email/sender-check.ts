import { senderDomain, type CustomerDirectoryEntry, type InboundEmail } from "./email.schema";
import { customersByDomain } from "./fields";

/** Whether an e-mail's sender may order for the customer its PO names, and why not. */
export type SenderCheck =
  | { ok: true; customer_id: string }
  | { ok: false; reason: string; claimed_customer_id: string | null; sender_customer_ids: string[] };

/**
 * The sender check, run on whatever an extractor (rules or a model) answered: a PO is booked
 * for a customer only when the sender's mail domain belongs to that customer alone. A company
 * named in the text, or a model's reading of it, is a claim; whether a sender outside the
 * customer's domain may order for it is for a person to decide.
 */
export function checkSender(
  email: InboundEmail,
  claimedCustomerId: unknown,
  directory: readonly CustomerDirectoryEntry[],
): SenderCheck {
  const domain = senderDomain(email.from);
  const owners = customersByDomain(domain, directory).map((e) => e.customer_id);
  const claimed = typeof claimedCustomerId === "string" ? claimedCustomerId : null;
  const [owner] = owners;
  if (claimed !== null && owners.length === 1 && owner === claimed) return { ok: true, customer_id: claimed };
  const refuse = (reason: string): SenderCheck => ({
    ok: false,
    reason: `sender check: ${reason}`,
    claimed_customer_id: claimed,
    sender_customer_ids: owners,
  });
  if (claimed === null) return refuse(`the purchase order names no customer (sender domain ${domain ?? "(none)"})`);
  if (owners.length === 0)
    return refuse(
      `sender domain ${domain ?? "(none)"} belongs to no customer, but the purchase order is for ${claimed}`,
    );
  if (owners.length > 1)
    return refuse(
      `sender domain ${domain} belongs to more than one customer (${owners.join(", ")}); the purchase order is for ${claimed}`,
    );
  return refuse(`sender domain ${domain} belongs to ${owner}, but the purchase order is for ${claimed}`);
}
