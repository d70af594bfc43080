/**
 * Makes one run of a case unique in a database that has seen other runs. PO numbers, tracking
 * numbers, EDI interchange control numbers, webhook ids and idempotency keys are all remembered
 * by the system for good (a second PO-2025-100001 is a duplicate, a second interchange 000000101
 * from ACMEIND is refused, a webhook id seen before is not applied again), so a suite played twice
 * against one instance, or k times for pass^k, would test duplicate handling instead of the case.
 *
 * The namespace is four digits. Every PO the case itself submits, `PO-yyyy-nnnnnn`, becomes
 * `PO-<ns>-nnnnnn` everywhere in the case (payloads, EDI and e-mail text, expectation paths);
 * POs the case only reads (the seed orders) are left alone. Tracking numbers the case's dispatch
 * events assign get the namespace appended; interchange control numbers are renumbered. Hubs a
 * case learns in (`scoped_hubs`) get the namespace too, so trials do not share memory.
 */
import type { Case, Step } from "./suite-schema";

const PO_IN_TEXT = /PO-(\d{4})-(\d{4,6})(?!\d)/;
const PO_EXACT = /^PO-(\d{4})-(\d{4,6})$/;

/** The interchange's element separator and segment terminator, read from its fixed-width ISA. */
export function ediDelimiters(text: string): { element: string; segment: string; isaStart: number } | null {
  const isaStart = text.indexOf("ISA");
  if (isaStart < 0 || text.length < isaStart + 106) return null;
  return { element: text[isaStart + 3]!, segment: text[isaStart + 105]!, isaStart };
}

/** The BEG03 PO numbers of an interchange, in order. */
export function ediPoNumbers(text: string): string[] {
  const d = ediDelimiters(text);
  if (!d) return [...text.matchAll(new RegExp(PO_IN_TEXT, "g"))].map((m) => m[0]);
  return text
    .split(d.segment)
    .map((s) => s.trim())
    .filter((s) => s.startsWith(`BEG${d.element}`))
    .map((s) => s.split(d.element)[3] ?? "")
    .filter((po) => po !== "");
}

/** The PO an e-mail step carries: its declared one, else the first `PO-nnnn-nnnnnn` of the subject, then the body. */
export function emailPoNumber(step: {
  payload: { subject: string; body: string };
  po_number?: string | undefined;
}): string | null {
  if (step.po_number) return step.po_number;
  return PO_IN_TEXT.exec(step.payload.subject)?.[0] ?? PO_IN_TEXT.exec(step.payload.body)?.[0] ?? null;
}

/** The PO numbers a submit step places, in order (before namespacing). */
export function submittedPoNumbers(step: Step): string[] {
  const s = step.submit_po;
  if (!s) return [];
  switch (s.channel) {
    case "portal": {
      const po = (s.payload as { po_number?: unknown } | null)?.po_number;
      return typeof po === "string" ? [po] : [];
    }
    case "edi":
      return ediPoNumbers(s.payload);
    case "email": {
      const po = emailPoNumber(s);
      return po ? [po] : [];
    }
  }
}

/** The PO a step is about, when it names one: the first it submits, or its `po_number`. */
export function stepPoNumber(step: Step): string | null {
  if (step.submit_po) return submittedPoNumbers(step)[0] ?? null;
  const named =
    step.erp_event?.po_number ??
    step.carrier_event?.po_number ??
    step.status_query?.po_number ??
    step.decide_escalation?.po_number ??
    step.csat?.po_number;
  return typeof named === "string" ? named : null;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A case as played in one run, with a map back from run PO numbers to the suite's. */
export interface CaseInstance {
  case: Case;
  /** Run PO number -> the suite's PO number. */
  suitePo: Map<string, string>;
  /** Suite PO number -> run PO number. */
  runPo: Map<string, string>;
}

/**
 * Rewrites a case for a run namespace. `caseIndex` keeps the interchange control numbers of
 * different cases apart within one run.
 */
export function instantiateCase(c: Case, namespace: string, caseIndex: number): CaseInstance {
  if (!/^\d{4}$/.test(namespace)) throw new Error(`a run namespace is four digits, not ${namespace}`);
  const fixed = new Set(c.fixed_po_numbers ?? []);
  const owned = new Set(c.steps.flatMap(submittedPoNumbers).filter((po) => PO_EXACT.test(po) && !fixed.has(po)));
  const tracking = new Set(
    c.steps.flatMap((s) => {
      const data =
        s.erp_event?.type === "shipment.dispatched"
          ? (s.erp_event.data as { tracking?: unknown } | undefined)
          : undefined;
      return typeof data?.tracking === "string" && data.tracking.length >= 6 ? [data.tracking] : [];
    }),
  );
  let text = JSON.stringify(c);
  const runPo = new Map<string, string>();
  for (const po of owned) {
    const [, year, serial] = PO_EXACT.exec(po)!;
    const core = `${year}-${serial}`;
    const fresh = `${namespace}-${serial}`;
    // The core digits, however the text writes the PO ("PO-2025-100001", "P.O. 2025-100001").
    text = text.replace(new RegExp(`(?<!\\d)${escapeRegExp(core)}(?!\\d)`, "g"), fresh);
    runPo.set(po, `PO-${fresh}`);
  }
  for (const t of tracking)
    text = text.replace(new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(t)}(?![A-Za-z0-9])`, "g"), `${t}${namespace}`);
  const rewritten = JSON.parse(text) as Case;
  const controls = new Map<string, string>();
  const controlFor = (old: string) => {
    if (!controls.has(old))
      controls.set(old, `${namespace}${String((caseIndex * 10 + controls.size) % 100_000).padStart(5, "0")}`);
    return controls.get(old)!;
  };
  const hubs = c.scoped_hubs ?? [];
  rewritten.steps = rewritten.steps.map((s) => {
    if (s.submit_po?.channel === "edi")
      return { ...s, submit_po: { ...s.submit_po, payload: renumberInterchange(s.submit_po.payload, controlFor) } };
    if (s.carrier_event?.location && hubs.length)
      return {
        ...s,
        carrier_event: { ...s.carrier_event, location: scopeHub(s.carrier_event.location, hubs, namespace) },
      };
    return s;
  });
  // Steps may say `PO-2025-100001` in a field the text rewrite already covered; keep the map both ways.
  const suitePo = new Map([...runPo].map(([suite, run]) => [run, suite]));
  return { case: rewritten, suitePo, runPo };
}

/**
 * A carrier location in a hub the case scopes, as played in a run: `Columbus, OH` becomes
 * `Columbus 3208, OH`, a hub no other run has, so that what the case learns there (episodes
 * matched on carrier, hub and month; a rule promoted for that hub) is this run's alone.
 */
export function scopeHub(location: string, hubs: readonly string[], namespace: string): string {
  const [city = "", ...rest] = location.split(",");
  if (!hubs.some((h) => h.toLowerCase() === city.trim().toLowerCase())) return location;
  return [`${city.trim()} ${namespace}`, ...rest].join(",");
}

/**
 * Gives an interchange new ISA13 / IEA02 control numbers: the same old number always maps to the
 * same new one, so an interchange sent twice in a case is still a duplicate, and a deliberate
 * ISA13/IEA02 mismatch stays a mismatch. ISA13 keeps its fixed 9-digit width.
 */
export function renumberInterchange(text: string, controlFor: (old: string) => string): string {
  const d = ediDelimiters(text);
  if (!d) return text;
  const sep = escapeRegExp(d.element);
  const isaEnd = d.isaStart + 106;
  const isa = text.slice(d.isaStart, isaEnd).split(d.element);
  const oldIsa13 = isa[13];
  if (!oldIsa13 || !/^\d{9}$/.test(oldIsa13)) return text;
  isa[13] = controlFor(oldIsa13);
  let out = text.slice(0, d.isaStart) + isa.join(d.element) + text.slice(isaEnd);
  out = out.replace(new RegExp(`(IEA${sep}[^${sep}]*${sep})(\\d+)`, "g"), (_, head: string, old: string) => {
    const key = Number(old) === Number(oldIsa13) ? oldIsa13 : old.padStart(9, "0");
    return `${head}${controlFor(key)}`;
  });
  return out;
}
