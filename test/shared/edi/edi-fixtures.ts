/**
 * The EDI fixtures (test/fixtures/edi/*.edi, imported as text with Vite's `?raw`), the seed
 * trading partners, and the shape of the hand-computed expectations the unit tests hold them to.
 */
import acmeBang from "../../fixtures/edi/acme-bang-terminator.edi?raw";
import acmeMultiline from "../../fixtures/edi/acme-4010-multiline.edi?raw";
import acmeSeveralGroups from "../../fixtures/edi/acme-several-groups-5010.edi?raw";
import betaCrlf from "../../fixtures/edi/beta-5010-crlf.edi?raw";
import betaN1Buyer from "../../fixtures/edi/beta-n1-buyer-via-van.edi?raw";
import betaPipe from "../../fixtures/edi/beta-pipe-caret-newline.edi?raw";
import consolidatedMulti from "../../fixtures/edi/consolidated-multi-po.edi?raw";
import consolidatedNoBreaks from "../../fixtures/edi/consolidated-no-line-breaks-5010.edi?raw";
import faultCtt01 from "../../fixtures/edi/fault-ctt01.edi?raw";
import faultGe01 from "../../fixtures/edi/fault-ge01-count.edi?raw";
import faultGs06Ge02 from "../../fixtures/edi/fault-gs06-ge02.edi?raw";
import faultIea01 from "../../fixtures/edi/fault-iea01-count.edi?raw";
import faultIsa13Iea02 from "../../fixtures/edi/fault-isa13-iea02.edi?raw";
import faultMalformedIsa from "../../fixtures/edi/fault-malformed-isa.edi?raw";
import faultMissingSe from "../../fixtures/edi/fault-missing-se.edi?raw";
import faultSe01 from "../../fixtures/edi/fault-se01-count.edi?raw";
import faultSt02Se02 from "../../fixtures/edi/fault-st02-se02.edi?raw";
import unknownPartner from "../../fixtures/edi/unknown-partner.edi?raw";
import type { EdiDelimiters } from "../../../src/shared/edi";

/** The seed customers' EDI sender ids (src/seed/data/customers.json). */
export const PARTNERS: ReadonlyMap<string, string> = new Map([
  ["ACMEIND", "CUST-001"],
  ["BETAIND", "CUST-002"],
  ["CONSOLMFG", "CUST-003"],
]);

export const RAW = {
  acmeBang,
  acmeMultiline,
  acmeSeveralGroups,
  betaCrlf,
  betaN1Buyer,
  betaPipe,
  consolidatedMulti,
  consolidatedNoBreaks,
  faultCtt01,
  faultGe01,
  faultGs06Ge02,
  faultIea01,
  faultIsa13Iea02,
  faultMalformedIsa,
  faultMissingSe,
  faultSe01,
  faultSt02Se02,
  unknownPartner,
} as const;

/** How the 997 must acknowledge one transaction set (AK5). */
export interface ExpectedAk5 {
  status: "A" | "R";
  codes: string[];
}

/** How the 997 must acknowledge one functional group (AK9). */
export interface ExpectedAk9 {
  status: "A" | "P" | "R";
  included: number;
  received: number;
  accepted: number;
  codes: string[];
}

export interface ExpectedSet {
  control: string;
  accepted: boolean;
  /** AK5 codes of the set's own errors. */
  codes: string[];
  segments: number;
  po: Record<string, unknown> | null;
  ak5: ExpectedAk5;
}

export interface ExpectedGroup {
  control: string;
  accepted: boolean;
  /** AK9 codes of the group's own errors. */
  codes: string[];
  sets: ExpectedSet[];
  ak9: ExpectedAk9;
}

export interface ExpectedInterchange {
  name: string;
  raw: string;
  accepted: boolean;
  /** TA1 note codes of the interchange's own errors. */
  codes: string[];
  control: string | null;
  sender: string | null;
  version: string | null;
  delimiters: EdiDelimiters | null;
  groups: ExpectedGroup[];
}

export const ak5 = (status: "A" | "R", ...codes: string[]): ExpectedAk5 => ({ status, codes });
export const ak9 = (
  status: "A" | "P" | "R",
  included: number,
  received: number,
  accepted: number,
  ...codes: string[]
): ExpectedAk9 => ({
  status,
  included,
  received,
  accepted,
  codes,
});

/** A PO line as the mapper writes it: keys only for what the PO1/PID gave. */
export function line(sku: string, qty: number, unit_price?: number, description?: string): Record<string, unknown> {
  return {
    sku,
    qty,
    ...(unit_price === undefined ? {} : { unit_price }),
    ...(description === undefined ? {} : { description }),
  };
}

/** A set that was accepted and mapped. */
export const acceptedSet = (control: string, segments: number, po: Record<string, unknown>): ExpectedSet => ({
  control,
  accepted: true,
  codes: [],
  segments,
  po,
  ak5: ak5("A"),
});

/** A set that was rejected, by its own errors (codes) or by its group's or interchange's. */
export const rejectedSet = (control: string, segments: number, ...codes: string[]): ExpectedSet => ({
  control,
  accepted: false,
  codes,
  segments,
  po: null,
  ak5: ak5("R", ...codes),
});

export const STAR: EdiDelimiters = { element: "*", component: ">", segment: "~" };
