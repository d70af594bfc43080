/**
 * Builders for the suite's inputs: portal bodies, X12 850 interchanges (with their counts and
 * fixed-width ISA done right), e-mails, signed-event steps and status questions. They shape
 * inputs only; every expected value in the case files is written out by hand from the playbook
 * (DESIGN §6) and the seed data, with the arithmetic in the case's `derivation`.
 */
import type { Case, Category } from "../suite-schema";

export const TOKEN = {
  acme: "dev-acme-token",
  beta: "dev-beta-token",
  consolidated: "dev-consolidated-token",
  ops: "dev-ops-token",
} as const;
export const HAIKU = "claude-haiku-4-5-20251001";
export const OPUS = "claude-opus-4-7";

/** A suite PO number: `PO-2025-` and six digits (namespaced per run by the runner). */
export const po = (n: number) => `PO-2025-${n}`;

type Json = Record<string, unknown>;
type StepJson = Json;

export interface CaseInput {
  id: string;
  description: string;
  derivation: string;
  steps: StepJson[];
  expect: Json;
  fixed_po_numbers?: string[];
  serial?: boolean;
  escalates?: boolean;
  scoped_hubs?: string[];
}

/** A case of a category. */
export const cases = (category: Category, list: CaseInput[]): Case[] =>
  list.map((c) => ({ ...c, category }) as unknown as Case);

/** `submit_po` through the portal. */
export function portal(token: string, payload: unknown, extra: { idempotency_key?: string } = {}): StepJson {
  return { submit_po: { channel: "portal", token, payload, ...extra } };
}

/** A portal body. */
export function body(poNumber: string, customer: string, lines: Json[], extra: Json = {}): Json {
  return { po_number: poNumber, customer_id: customer, line_items: lines, ...extra };
}

export const line = (sku: string, qty: number, unit_price?: number, description?: string): Json => ({
  sku,
  qty,
  ...(unit_price !== undefined ? { unit_price } : {}),
  ...(description !== undefined ? { description } : {}),
});

/** `submit_po` by e-mail (through the ops mail gateway). */
export function email(from: string, subject: string, lines: string[]): StepJson {
  return { submit_po: { channel: "email", payload: { from, subject, body: lines.join("\n") } } };
}

/** ERP `shipment.dispatched`, dispatched at 15:00 UTC on `date`. */
export function dispatch(
  poNumber: string,
  date: string,
  carrier: string,
  tracking: string,
  shipmentId?: string,
): StepJson {
  const at = `${date}T15:00:00Z`;
  return {
    erp_event: {
      type: "shipment.dispatched",
      po_number: poNumber,
      occurred_at: at,
      data: { ...(shipmentId ? { shipment_id: shipmentId } : {}), carrier, tracking, shipped_at: at },
    },
  };
}

/** Any other ERP event. */
export function erp(type: string, poNumber: string | null, occurredAt: string, data: Json, extra: Json = {}): StepJson {
  return {
    erp_event: { type, ...(poNumber !== null ? { po_number: poNumber } : {}), occurred_at: occurredAt, data },
    ...extra,
  };
}

/** A carrier tracking event for the PO's n-th shipment; the runner fills in the tracking number. */
export function carrier(
  poNumber: string,
  status: string,
  location: string,
  occurredAt: string,
  estimatedDelivery?: string,
  extra: Json = {},
): StepJson {
  return {
    carrier_event: {
      po_number: poNumber,
      shipment: 0,
      status,
      location,
      occurred_at: occurredAt,
      ...(estimatedDelivery ? { estimated_delivery: estimatedDelivery } : {}),
      ...extra,
    },
  };
}

export function statusQuery(poNumber: string, token: string, question?: string): StepJson {
  return { status_query: { po_number: poNumber, token, ...(question !== undefined ? { question } : {}) } };
}

export function decide(poNumber: string, decision: "approve" | "reject" | "modify", extra: Json = {}): StepJson {
  return { decide_escalation: { po_number: poNumber, decision, ...extra } };
}

export function csat(
  poNumber: string,
  exception: number,
  satisfaction: "positive" | "neutral" | "negative",
  token?: string,
): StepJson {
  return { csat: { po_number: poNumber, exception, customer_satisfaction: satisfaction, ...(token ? { token } : {}) } };
}

/** A csat or decision step that the case waits on until memory holds its episode, or a rule from it. */
export const remembering = (step: StepJson, what: "episode" | "rule"): StepJson => ({ ...step, remembers: what });

/** One 850 transaction set. */
export interface EdiSet {
  po: string;
  /** BEG05, CCYYMMDD. */
  date: string;
  lines: {
    qty: number | string;
    price?: number | string;
    sku: string;
    qualifier?: "VP" | "BP" | "IN";
    description?: string;
  }[];
  /** DTM*002 requested delivery, CCYYMMDD. */
  requested?: string;
  /** N1*BY identifier. */
  buyer?: string;
  /** MSG free text (notes). */
  message?: string;
}

export interface EdiInterchange {
  sender: string;
  /** ISA13, nine digits. */
  control: string;
  version?: "4010" | "5010";
  sets: EdiSet[];
  element?: string;
  segment?: string;
  subElement?: string;
}

/**
 * An X12 850 interchange with correct SE01, CTT01, GE01 and IEA01 counts and a 106-character
 * ISA. The interchange date is the first set's BEG05.
 */
export function ediText(x: EdiInterchange): string {
  const el = x.element ?? "*";
  const seg = x.segment ?? "~";
  const sub = x.subElement ?? ">";
  const v5 = x.version === "5010";
  const date8 = x.sets[0]!.date;
  const isa = [
    "ISA",
    "00",
    " ".repeat(10),
    "00",
    " ".repeat(10),
    "ZZ",
    x.sender.padEnd(15),
    "ZZ",
    "EDGEORDERS".padEnd(15),
    date8.slice(2),
    "1030",
    v5 ? "^" : "U",
    v5 ? "00501" : "00401",
    x.control,
    "0",
    "P",
    sub,
  ].join(el);
  if (isa.length !== 105) throw new Error(`ISA is ${isa.length + 1} characters, not 106`);
  const gcn = String(Number(x.control.slice(-4)) || 1);
  const segments: string[] = [
    isa,
    ["GS", "PO", x.sender, "EDGEORDERS", date8, "1030", gcn, "X", v5 ? "005010" : "004010"].join(el),
  ];
  x.sets.forEach((set, i) => {
    const st = String(i + 1).padStart(4, "0");
    const body: string[] = [["ST", "850", st].join(el), ["BEG", "00", "SA", set.po, "", set.date].join(el)];
    if (set.requested) body.push(["DTM", "002", set.requested].join(el));
    if (set.buyer) body.push(["N1", "BY", "Buyer", "92", set.buyer].join(el));
    if (set.message) body.push(["MSG", set.message].join(el));
    set.lines.forEach((l, j) => {
      body.push(
        [
          "PO1",
          String(j + 1),
          String(l.qty),
          "EA",
          l.price === undefined ? "" : String(l.price),
          "",
          l.qualifier ?? "VP",
          l.sku,
        ].join(el),
      );
      if (l.description) body.push(["PID", "F", "", "", "", l.description].join(el));
    });
    body.push(["CTT", String(set.lines.length)].join(el));
    body.push(["SE", String(body.length + 1), st].join(el));
    segments.push(...body);
  });
  segments.push(["GE", String(x.sets.length), gcn].join(el), ["IEA", "1", x.control].join(el));
  return `${segments.map((s) => `${s}${seg}`).join("\n")}\n`;
}

/** `submit_po` of an interchange through the EDI gateway. */
export function edi(x: EdiInterchange): StepJson {
  return { submit_po: { channel: "edi", payload: ediText(x) } };
}
