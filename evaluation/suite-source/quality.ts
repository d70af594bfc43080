/**
 * 5 quality holds (DESIGN §6): an ERP `quality.hold` puts the order on `quality-hold`; the
 * resolution is a `replacement_shipment` from stock outside the held lot (there are no lot
 * records, so all free stock counts as outside), else `backorder_replacement`; a human signs off
 * every quality case, so each is escalated.
 * Replacement stock: SKU-7210 (2,400) and SKU-7211 (900) always cover the few units held here;
 * SKU-3300 never has more than 6, so holding 7 or more always needs a backordered replacement.
 */
import { body, cases, csat, decide, dispatch, erp, line, po, portal, TOKEN } from "./helpers";

const hold = (poNumber: string, at: string, sku: string, lot: string, reason: string) =>
  erp("quality.hold", poNumber, at, { sku, lot, reason });

export const QUALITY = cases("exception_quality", [
  {
    id: "qh-acme-bearings-replacement",
    escalates: true,
    description: "Acme's bearings fail inspection before shipping: replace from other stock, with a human's sign-off.",
    derivation:
      "6 x SKU-7210 (list $62.50 for Acme). Hold on lot 2024-10-08-A: Detroit has far more than 6 free " +
      "units outside the lot -> replacement_shipment, escalated; status quality-hold; the escalation stays " +
      "open.",
    steps: [
      portal(TOKEN.acme, body(po(100501), "CUST-001", [line("SKU-7210", 6)], { order_date: "2024-10-10" })),
      hold(po(100501), "2024-10-11T10:00:00Z", "SKU-7210", "2024-10-08-A", "vibration test failure"),
    ],
    expect: {
      "steps[1].status": 202,
      "order.status": "quality-hold",
      "order.exceptions[0].type": "quality_hold",
      "order.resolutions[0].resolution_type": "replacement_shipment",
      "order.resolutions[0].escalated": true,
      "order.exceptions[0].status": "escalated",
      "order.escalations[0].status": "open",
    },
  },
  {
    id: "qh-consolidated-pumps-backorder-replacement",
    escalates: true,
    description:
      "Consolidated's backordered pump motors are put on hold: not enough stock outside the lot to replace them.",
    derivation:
      "7 x SKU-3300, no partial: backordered whole (exception 1: backorder_notify). Hold on SKU-3300 " +
      "(exception 2): at most 6 exist, fewer than 7 -> backorder_replacement, escalated; status " +
      "quality-hold.",
    steps: [
      portal(TOKEN.consolidated, body(po(100502), "CUST-003", [line("SKU-3300", 7)], { order_date: "2024-10-16" })),
      hold(po(100502), "2024-10-18T08:00:00Z", "SKU-3300", "2024-10-08-A", "winding insulation test failure"),
    ],
    expect: {
      "order.status": "quality-hold",
      "order.exceptions[1].type": "quality_hold",
      "order.resolutions[1].resolution_type": "backorder_replacement",
      "order.resolutions[1].escalated": true,
    },
  },
  {
    id: "qh-beta-shipped-order-hold",
    escalates: true,
    description: "A hold on goods already shipped to Beta: the order goes on hold and a replacement is proposed.",
    derivation:
      "10 x SKU-7211, dispatched (shipped). quality.hold on SKU-7211: shipped -> quality-hold is allowed; " +
      "7211 stock covers 10 -> replacement_shipment, escalated.",
    steps: [
      portal(TOKEN.beta, body(po(100503), "CUST-002", [line("SKU-7211", 10)], { order_date: "2024-11-04" })),
      dispatch(po(100503), "2024-11-05", "FedEx", "7949EVQH030003"),
      hold(po(100503), "2024-11-06T12:00:00Z", "SKU-7211", "LOT-7211-1104", "surface corrosion found at final audit"),
    ],
    expect: {
      "order.status": "quality-hold",
      "order.resolutions[0].resolution_type": "replacement_shipment",
      "order.resolutions[0].escalated": true,
      "order.escalations[0].status": "open",
    },
  },
  {
    id: "qh-acme-approved-and-rated",
    escalates: true,
    description: "Operations signs off an Acme replacement; the order leaves the hold and Acme rates the handling.",
    derivation:
      "5 x SKU-7210 confirmed, hold -> replacement_shipment, escalated. Approving the escalation completes " +
      "the case: the escalation is decided and the order returns to where it was (confirmed). CSAT " +
      "positive is recorded.",
    steps: [
      portal(TOKEN.acme, body(po(100504), "CUST-001", [line("SKU-7210", 5)], { order_date: "2024-11-11" })),
      hold(po(100504), "2024-11-12T09:00:00Z", "SKU-7210", "LOT-7210-1111", "bore out of tolerance"),
      decide(po(100504), "approve", { exception: 0, note: "replacement approved" }),
      csat(po(100504), 0, "positive", TOKEN.acme),
    ],
    expect: {
      "order.resolutions[0].resolution_type": "replacement_shipment",
      "steps[2].status": { $in: [200, 201, 202] },
      "steps[3].status": { $in: [200, 201, 202] },
      "order.escalations[0].status": "decided",
      "order.status": "confirmed",
    },
  },
  {
    id: "qh-beta-pumps-backorder-replacement",
    escalates: true,
    description:
      "Beta's pump motors (shipped in part, rest backordered) are held: the replacement must be backordered.",
    derivation:
      "9 x SKU-3300 (list $3,200 = 28,800, under the $50,000 gate). At most 6 in stock: a backorder " +
      "(exception 1, split_shipment). The hold (exception 2) needs 9 replacements, more than can exist -> " +
      "backorder_replacement, escalated.",
    steps: [
      portal(TOKEN.beta, body(po(100505), "CUST-002", [line("SKU-3300", 9)], { order_date: "2024-09-23" })),
      hold(po(100505), "2024-09-25T14:00:00Z", "SKU-3300", "2024-09-20-C", "seal leak on pressure test"),
    ],
    expect: {
      "order.total": { $approx: 28800 },
      "order.status": "quality-hold",
      "order.exceptions[1].type": "quality_hold",
      "order.resolutions[1].resolution_type": "backorder_replacement",
      "order.resolutions[1].escalated": true,
    },
  },
]);
