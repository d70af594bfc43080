import { type Fold, isSplitApproval } from "./order-view-model";

type ExceptionEvent =
  | "exception.opened"
  | "exception.resolved"
  | "escalation.opened"
  | "escalation.decided"
  | "csat.recorded";

/** How exceptions, their resolutions and people's decisions on them change the order view. */
export const EXCEPTION_FOLDS: { [K in ExceptionEvent]: Fold<K> } = {
  "exception.opened": (view, e) => {
    view.exceptions.push({ ...e.data, status: "open" });
  },
  "exception.resolved": (view, e) => {
    const r = e.data.resolution;
    view.resolutions.push(r);
    const ex = view.exceptions.find((x) => x.exception_id === r.exception_id);
    if (ex) ex.status = r.escalated ? "escalated" : "resolved";
  },
  "escalation.opened": (view, e) => {
    view.escalations.push({ ...e.data, status: "open", created_at: e.at });
  },
  "escalation.decided": (view, e) => {
    const d = e.data;
    const esc = view.escalations.find((x) => x.escalation_id === d.escalation_id);
    if (esc) Object.assign(esc, { status: "decided", decision: d.decision, decided_by: d.decided_by, note: d.note });
    // A rejected split is planned again whole: the order no longer needs one.
    if (esc && isSplitApproval(esc) && d.decision === "reject")
      view.flags = view.flags.filter((f) => f !== "split_required");
    if (!d.exception_id) return;
    const ex = view.exceptions.find((x) => x.exception_id === d.exception_id);
    if (ex) ex.status = "resolved";
    const r = view.resolutions.find((x) => x.exception_id === d.exception_id);
    if (r) {
      r.decision = d.decision;
      if (d.resolution) Object.assign(r, d.resolution);
    }
  },
  "csat.recorded": (view, e) => {
    const ex = view.exceptions.find((x) => x.exception_id === e.data.exception_id);
    if (ex) ex.customer_satisfaction = e.data.customer_satisfaction;
  },
};
