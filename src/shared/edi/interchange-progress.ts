import { z } from "zod";
import { D1_MAX_QUERIES_PER_INVOCATION, rowsPerStatement } from "../db/d1-limits";
import { sha256Hex } from "../hashing";
import type { EdiAmendment, EdiError, EdiGroupResult, EdiInterchangeResult, EdiTransactionResult } from "./types";

/**
 * How one interchange's transaction sets are taken (DESIGN §5.4): which sets become orders,
 * what each cost in D1 queries, how a resend is recognised, and how what happened to each
 * set is written back into the interchange the 997 answers. Plain functions, no bindings.
 */

/**
 * Queries one EDI request makes besides its sets, rounded up: the principal, the trading
 * partners, the 997 counter, the claim and its read-back, the sets already taken, the finishing
 * batch (the audit row, up to seven parts of a raw interchange near 1 MiB, the update and its
 * read-back) and the request's spans.
 */
export const INTERCHANGE_BASE_QUERIES = 20;

/**
 * Queries taking one set makes at most: its customer, its contract and the contract's tiers,
 * the catalog (read as `loadCatalog` reads it, one query per 100 distinct SKUs), the order's
 * audit row and its quarantine row (counted for every set: any may carry quarantined text),
 * and the set's own record.
 */
export function setQueryCost(purchaseOrder: Record<string, unknown>): number {
  const lines = Array.isArray(purchaseOrder.line_items) ? purchaseOrder.line_items : [];
  const skus = new Set(
    lines.map((l: unknown) => (typeof l === "object" && l !== null && "sku" in l ? String(l.sku) : "")),
  );
  return 6 + Math.max(1, Math.ceil(skus.size / rowsPerStatement(1)));
}

/** The most sets of up to 100 distinct SKUs each that one request can take within D1's query limit. */
export const MAX_SETS_PER_INTERCHANGE = Math.floor(
  (D1_MAX_QUERIES_PER_INVOCATION - INTERCHANGE_BASE_QUERIES) / setQueryCost({ line_items: [{ sku: "" }] }),
);

/** One transaction set accepted at the envelope, to become an order. */
export interface OrderSet {
  group: EdiGroupResult;
  set: EdiTransactionResult & { purchase_order: Record<string, unknown> };
  /** `group/transaction` control numbers: the set's key within its interchange. */
  key: string;
}

/** The key of a set within its interchange. */
export function setKey(groupControlNumber: string, transactionControlNumber: string): string {
  return `${groupControlNumber}/${transactionControlNumber}`;
}

/** The sets of an interchange that passed the envelope checks and carry a PO, in the order received. */
export function orderSets(result: EdiInterchangeResult): OrderSet[] {
  return result.groups.flatMap((group) =>
    group.transactions.flatMap((set) =>
      set.accepted && set.purchase_order
        ? [
            {
              group,
              set: { ...set, purchase_order: set.purchase_order },
              key: setKey(group.control_number, set.control_number),
            },
          ]
        : [],
    ),
  );
}

/** One set accepted at the envelope that amends an existing order: an 860, or an 850 with BEG01 `01`/`05`. */
export interface AmendmentSet {
  group: EdiGroupResult;
  set: EdiTransactionResult & { amendment: EdiAmendment };
  key: string;
}

/** The sets of an interchange that passed the envelope checks and amend an order, in the order received. */
export function changeSets(result: EdiInterchangeResult): AmendmentSet[] {
  return result.groups.flatMap((group) =>
    group.transactions.flatMap((set) =>
      set.accepted && set.amendment
        ? [{ group, set: { ...set, amendment: set.amendment }, key: setKey(group.control_number, set.control_number) }]
        : [],
    ),
  );
}

/** Whether a set to take amends an order rather than placing one. */
export const isAmendmentSet = (s: OrderSet | AmendmentSet): s is AmendmentSet => !!s.set.amendment;

/** Every set of an interchange to take, orders and amendments, in the order received (an 860 may follow its 850). */
export function takeableSets(result: EdiInterchangeResult): (OrderSet | AmendmentSet)[] {
  const all: (OrderSet | AmendmentSet)[] = [...orderSets(result), ...changeSets(result)];
  const rank = new Map(
    result.groups
      .flatMap((g) => g.transactions.map((t) => setKey(g.control_number, t.control_number)))
      .map((k, i) => [k, i]),
  );
  return all.sort((a, b) => (rank.get(a.key) ?? 0) - (rank.get(b.key) ?? 0));
}

/** Queries taking one amendment makes at most: the order's catalog and contract, and the set's own record. */
const AMENDMENT_QUERY_COST = 5;

/** The D1 queries taking these sets in one request would make, against the limit. */
export function interchangeQueryBudget(sets: readonly (OrderSet | AmendmentSet)[]): {
  queries: number;
  withinLimit: boolean;
} {
  const cost = (s: OrderSet | AmendmentSet) =>
    isAmendmentSet(s) ? AMENDMENT_QUERY_COST : setQueryCost(s.set.purchase_order);
  const queries = INTERCHANGE_BASE_QUERIES + sets.reduce((sum, s) => sum + cost(s), 0);
  return { queries, withinLimit: queries <= D1_MAX_QUERIES_PER_INVOCATION };
}

/**
 * What identifies "the same interchange" when a partner resends it: every group and set with
 * its control numbers, verdict and mapped PO or amendment. The ISA date and time, padding, line breaks and
 * delimiters are left out, since a partner's translator may change them on a resend.
 */
export function interchangeFingerprint(result: EdiInterchangeResult): Promise<string> {
  const content = result.groups.map((g) => ({
    group: g.control_number,
    functional_id: g.functional_id,
    version: g.version,
    sets: g.transactions.map((t) => ({
      set: t.control_number,
      set_id: t.set_id,
      accepted: t.accepted,
      errors: t.errors.map((e) => e.code),
      po: t.purchase_order,
      // Only when there is one, so an interchange of 850s keeps the fingerprint it was claimed under.
      ...(t.amendment ? { amendment: t.amendment } : {}),
    })),
  }));
  return sha256Hex(JSON.stringify({ sender: result.sender_id, control_number: result.control_number, content }));
}

/** One set of an interchange as the EDI answer lists it. */
export const EdiOrderAnswer = z.object({
  po_number: z.string().nullable(),
  status: z.string(),
  validation: z.record(z.string(), z.unknown()),
  control_numbers: z.object({ group: z.string(), transaction: z.string() }),
});
export type EdiOrderAnswer = z.infer<typeof EdiOrderAnswer>;

/** A set once taken: its answer, and the reason the 997 rejects it when no order was recorded. */
export const TakenSet = z.object({
  order: EdiOrderAnswer,
  rejection: z
    .object({ level: z.literal("transaction"), code: z.string(), message: z.string(), segment: z.string().optional() })
    .nullable(),
});
export type TakenSet = z.infer<typeof TakenSet>;

/**
 * The interchange as the 997 must answer it once its sets are taken: a set that recorded no
 * order is rejected (AK5 R) with its reason, and a group left with no accepted set is rejected.
 */
export function withTakenSets(
  result: EdiInterchangeResult,
  taken: ReadonlyMap<string, TakenSet>,
): EdiInterchangeResult {
  return {
    ...result,
    groups: result.groups.map((group) => {
      const transactions = group.transactions.map((t) => {
        const rejection: EdiError | null | undefined = t.accepted
          ? taken.get(setKey(group.control_number, t.control_number))?.rejection
          : null;
        return rejection ? { ...t, accepted: false, errors: [...t.errors, rejection] } : t;
      });
      const accepted = group.accepted && (transactions.length === 0 || transactions.some((t) => t.accepted));
      return { ...group, accepted, transactions };
    }),
  };
}

/** Every error of an interchange, at every level, as the audit trail lists them. */
export function interchangeErrors(result: EdiInterchangeResult): EdiError[] {
  return [...result.errors, ...result.groups.flatMap((g) => [...g.errors, ...g.transactions.flatMap((t) => t.errors)])];
}
