/**
 * Standard flows after intake: dispatch, an ERP inventory drop, several POs in one interchange, an
 * expedite, backorders with and without partial-shipment consent, the $50,000 split gate.
 * Reference figures: standard-flows.ts.
 */
import { body, cases, decide, dispatch, edi, erp, line, po, portal, TOKEN } from "./helpers";

export const STANDARD_FULFILMENT = cases("standard_flow", [
  {
    id: "std-acme-dispatch-shipped",
    description: "Acme order dispatched by the ERP: shipped, tracking on the view, customer told.",
    derivation:
      "2 x SKU-9010 list $215 = 430, confirmed. shipment.dispatched (UPS, 1ZEVS1600016) ships the only " +
      "shipment: status shipped, qty_shipped 2. The shipping notice is due at the status's business time " +
      "(shipped_at 2024-06-11T15:00Z) + Acme's 4 h = 19:00Z.",
    steps: [
      portal(TOKEN.acme, body(po(100116), "CUST-001", [line("SKU-9010", 2)], { order_date: "2024-06-10" })),
      dispatch(po(100116), "2024-06-11", "UPS", "1ZEVS1600016"),
    ],
    expect: {
      "steps[1].status": 202,
      "order.status": "shipped",
      "order.shipments[0].tracking": "1ZEVS1600016",
      "order.shipments[0].status": "shipped",
      "order.lines[0].qty_shipped": 2,
      "order.notifications[1].template": "order_shipped",
      "order.notifications[1].due_by": "2024-06-11T19:00:00.000Z",
    },
  },
  {
    id: "std-acme-inventory-drop-backorders",
    description:
      "The ERP reports the pump-motor stock gone after Acme's order took its units: the order is short and backordered.",
    // Played before the concurrent cases, so that on a fresh database the order is allocated
    // its 3 pumps (6 in stock) and only the inventory drop can make it short.
    serial: true,
    derivation:
      "3 x SKU-3300 at Acme's contract $3,200 = 9,600. The ERP then sets Chicago's SKU-3300 on hand to 0: " +
      "whatever the order held no longer exists, so all 3 are short (backorder detected from an inventory " +
      "drop, or already short at allocation), against supplier ETA 2024-12-02. Acme allows partial " +
      "shipment: resolved split_shipment, not escalated. The case runs serially first so that, on a fresh " +
      "database, the 3 pumps are in stock when allocated and the drop is what makes them short.",
    steps: [
      portal(TOKEN.acme, body(po(100117), "CUST-001", [line("SKU-3300", 3)], { order_date: "2024-11-18" })),
      erp("inventory.updated", null, "2024-11-19T08:00:00Z", {
        sku: "SKU-3300",
        warehouse: "Chicago, IL",
        on_hand: 0,
        supplier_eta: "2024-12-02",
      }),
    ],
    expect: {
      "order.total": { $approx: 9600 },
      "order.flags": { $contains: "backorder" },
      "order.backorders[0].sku": "SKU-3300",
      "order.backorders[0].qty": 3,
      "order.backorders[0].supplier_eta": "2024-12-02",
      "order.resolutions": { $contains: { resolution_type: "split_shipment", escalated: false } },
    },
  },
  {
    id: "std-consolidated-edi-two-pos",
    description: "One Consolidated interchange carrying two POs: each becomes its own order.",
    derivation:
      "Set 1: 2 x SKU-9010 at $215 (contract) = 430, Chicago UPS, ETA 2024-10-14 + 4 = 2024-10-18. Set 2: " +
      "10 x SKU-7211, no Consolidated tier -> list $78 = 780 with warning_no_contract, Detroit FedEx, ETA " +
      "2024-10-17.",
    steps: [
      edi({
        sender: "CONSOLMFG",
        control: "000011801",
        sets: [
          { po: po(100118), date: "20241014", lines: [{ qty: 2, price: 215, sku: "SKU-9010" }] },
          { po: po(100148), date: "20241014", lines: [{ qty: 10, sku: "SKU-7211" }] },
        ],
      }),
    ],
    expect: {
      "steps[0].body.orders[1].status": "received",
      "order.total": { $approx: 430 },
      "order.shipments[0].eta": "2024-10-18",
      [`orders.${po(100148)}.total`]: { $approx: 780 },
      [`orders.${po(100148)}.flags`]: { $contains: "warning_no_contract" },
      [`orders.${po(100148)}.shipments[0].carrier`]: "FedEx",
      [`orders.${po(100148)}.shipments[0].eta`]: "2024-10-17",
    },
  },
  {
    id: "std-acme-expedite-requested-date",
    description: "Acme portal PO with priority expedite and a requested delivery date.",
    derivation:
      "2 x SKU-9010 list $215 = 430. priority and requested_delivery_date are kept as sent. ETA 2024-05-13 + 4 = 2024-05-17, before the requested 2024-05-20.",
    steps: [
      portal(
        TOKEN.acme,
        body(po(100119), "CUST-001", [line("SKU-9010", 2)], {
          order_date: "2024-05-13",
          priority: "expedite",
          requested_delivery_date: "2024-05-20",
        }),
      ),
    ],
    expect: {
      "order.priority": "expedite",
      "order.requested_delivery_date": "2024-05-20",
      "order.total": { $approx: 430 },
      "order.eta": "2024-05-17",
    },
  },
  {
    id: "std-beta-pump-backorder-partial",
    description:
      "Beta orders 7 pump motors, more than the 6 ever stocked: partial shipment allowed, the rest backordered.",
    derivation:
      "SKU-3300 is not in Beta's contract: list $3,200, 7 x 3200 = 22,400, warning_no_contract. At most 6 " +
      "are in Chicago, so at least 1 is short: backorder against the supplier ETA 2024-12-02. Beta allows " +
      "partial shipment: the backorder exception resolves as split_shipment (not escalated). Status " +
      "confirmed when some stock ships, backordered when none is left.",
    steps: [portal(TOKEN.beta, body(po(100120), "CUST-002", [line("SKU-3300", 7)], { order_date: "2024-10-21" }))],
    expect: {
      "order.total": { $approx: 22400 },
      "order.flags": { $contains: "backorder" },
      "order.backorders[0].sku": "SKU-3300",
      "order.backorders[0].supplier_eta": "2024-12-02",
      "order.resolutions[0].resolution_type": "split_shipment",
      "order.resolutions[0].escalated": false,
      "order.status": { $in: ["confirmed", "backordered"] },
    },
  },
  {
    id: "std-consolidated-backorder-whole",
    description: "Consolidated orders 7 pump motors: no partial shipments, so the order waits whole.",
    derivation:
      "7 x 3200 (list, warning_no_contract) + 2 x 215 (contract) = 22,830. No warehouse covers 7 of " +
      "SKU-3300 and Consolidated refuses partial shipment: backordered, no shipment, backorder_notify. The " +
      "pump restock is 2024-12-02, so ETA 2024-12-02 + 1 + 2 = 2024-12-05, past 2024-11-04 + 28 = " +
      "2024-12-02: an SLA risk. First notification is the backorder notice.",
    steps: [
      portal(
        TOKEN.consolidated,
        body(po(100121), "CUST-003", [line("SKU-3300", 7), line("SKU-9010", 2)], { order_date: "2024-11-04" }),
      ),
    ],
    expect: {
      "order.status": "backordered",
      "order.total": { $approx: 22830 },
      "order.shipments": [],
      "order.backorders": { $contains: { sku: "SKU-3300", supplier_eta: "2024-12-02" } },
      "order.resolutions[0].resolution_type": "backorder_notify",
      "order.eta": "2024-12-05",
      "order.sla_risk": true,
      "order.notifications[0].template": "order_backordered",
      "order.notifications[0].text": { $contains: "2024-12-05" },
    },
  },
  {
    id: "std-acme-split-over-50k-awaits-approval",
    escalates: true,
    description: "Acme split worth more than $50,000: a human approves before anything ships.",
    derivation:
      "16 x SKU-3300 $3,200 (contract) = 51,200 + 4 x SKU-7210 list $62.50 = 250: total 51,450. 7210 is " +
      "only in Detroit, 3300 only in Chicago: a split (Detroit always ships the bearings), 3300 short by " +
      "at least 10. Split over $50,000 -> awaiting-approval with an open escalation; the first " +
      "notification says approval is pending.",
    steps: [
      portal(
        TOKEN.acme,
        body(po(100122), "CUST-001", [line("SKU-3300", 16), line("SKU-7210", 4)], { order_date: "2024-10-28" }),
      ),
    ],
    expect: {
      "order.total": { $approx: 51450 },
      "order.status": "awaiting-approval",
      "order.flags": { $contains: "split_required" },
      "order.escalations[0].status": "open",
      "order.notifications[0].template": "order_awaiting_approval",
    },
  },
  {
    id: "std-acme-split-approved",
    escalates: true,
    description: "Operations approves an Acme split over $50,000: the order proceeds.",
    derivation:
      "Same order shape as the awaiting-approval case (total 51,450, split). Approving the split " +
      "escalation lets it ship: the order leaves awaiting-approval for confirmed, the escalation is " +
      "decided and the awaiting_approval flag goes.",
    steps: [
      portal(
        TOKEN.acme,
        body(po(100123), "CUST-001", [line("SKU-3300", 16), line("SKU-7210", 4)], { order_date: "2024-10-29" }),
      ),
      decide(po(100123), "approve", { note: "split approved by operations" }),
    ],
    expect: {
      "steps[1].status": { $in: [200, 201, 202] },
      "order.status": "confirmed",
      "order.escalations[0].status": "decided",
      "order.flags": { $notContains: "awaiting_approval" },
    },
  },
]);
