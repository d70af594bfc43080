import { readEnvelope } from "../envelope";
import { element } from "../tokenizer";
import type { Ack997, Ack997GroupStatus } from "../ack997-reader";
import { FUNCTIONAL_ID, type OutboundType } from "./x12-writer";

/** What a 997 says of one of our documents (`ack_status` in `edi_outbound`). */
export type AckStatus = "accepted" | "rejected" | "accepted_with_errors";

/** One acknowledged group: the document types its functional id names, its control number, the verdict. */
export interface GroupAck {
  functional_id: string;
  types: OutboundType[];
  control_number: number;
  status: AckStatus;
}

/**
 * Whether an interchange is functional acknowledgments (every GS01 `FA`): a partner's 997s
 * for our documents, posted to the same EDI intake as its orders.
 */
export function isFunctionalAcknowledgment(raw: string): boolean {
  const { groups } = readEnvelope(raw, { sets: { FA: "997" } });
  return groups.length > 0 && groups.every((g) => element(g.header, 1) === "FA");
}

/** AK501 or AK901 as our acknowledgment status: A accepted, E (and P, some sets) with errors, else rejected. */
function verdict(code: string): AckStatus {
  if (code === "A") return "accepted";
  if (code === "E" || code === "P") return "accepted_with_errors";
  return "rejected";
}

/**
 * The groups a 997 acknowledges, by AK1 (functional id and group control number). Each of our
 * documents is one group of one set under one control number, so the set's AK5 is its verdict
 * when the 997 lists it (AK2 with that control number), and the group's AK9 otherwise.
 */
export function groupAcks(ack: Ack997): GroupAck[] {
  const types = (fid: string) =>
    (Object.entries(FUNCTIONAL_ID) as [OutboundType, string][]).filter(([, f]) => f === fid).map(([t]) => t);
  return ack.groups.flatMap((g: Ack997GroupStatus) => {
    const control = /^\d{1,9}$/.test(g.group_control_number) ? Number(g.group_control_number) : null;
    if (control === null || types(g.functional_id).length === 0) return [];
    const set =
      g.sets.find((s) => Number(s.control_number) === control) ?? (g.sets.length === 1 ? g.sets[0] : undefined);
    const status = verdict(set?.status || g.status);
    return [{ functional_id: g.functional_id, types: types(g.functional_id), control_number: control, status }];
  });
}
