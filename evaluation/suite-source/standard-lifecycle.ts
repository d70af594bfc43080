/**
 * Standard flows to the end of an order's life and the less usual intakes: benign notes, an
 * idempotent replay, a leap day, other EDI delimiters, a VAN buyer, partial shipment, delivery.
 * Reference figures: standard-flows.ts.
 */
import { body, carrier, cases, dispatch, edi, line, po, portal, TOKEN } from "./helpers";

export const STANDARD_LIFECYCLE = cases("standard_flow", [
  {
    id: "std-beta-portal-benign-notes",
    description: "Beta PO with ordinary notes and a line description: kept as written, nothing quarantined.",
    derivation:
      "25 x SKU-7210 at the [1, 99] tier $62.50 = 1,562.50. Benign free text is not an attack: sanitized false, notes and description unchanged.",
    steps: [
      portal(
        TOKEN.beta,
        body(po(100124), "CUST-002", [line("SKU-7210", 25, undefined, "Bearings for line 3 rebuild")], {
          order_date: "2024-08-12",
          notes: "Deliver to dock 3, Mon-Fri 7am-3pm. Call ahead.",
        }),
      ),
    ],
    expect: {
      "order.validation.sanitized": false,
      "order.notes": "Deliver to dock 3, Mon-Fri 7am-3pm. Call ahead.",
      "order.lines[0].description": "Bearings for line 3 rebuild",
      "order.total": { $approx: 1562.5 },
    },
  },
  {
    id: "std-acme-idempotent-replay",
    description: "Acme resends the same PO with the same Idempotency-Key: the original answer comes back, one order.",
    derivation:
      "Same body, same key: the first 202 answer is replayed (same PO), nothing new is stored. 3 x SKU-9010 list $215 = 645.",
    steps: [
      portal(TOKEN.acme, body(po(100125), "CUST-001", [line("SKU-9010", 3)], { order_date: "2024-07-22" }), {
        idempotency_key: "std-acme-idem-100125",
      }),
      portal(TOKEN.acme, body(po(100125), "CUST-001", [line("SKU-9010", 3)], { order_date: "2024-07-22" }), {
        idempotency_key: "std-acme-idem-100125",
      }),
    ],
    expect: {
      "steps[0].status": 202,
      "steps[1].status": 202,
      "steps[1].body.po_number": po(100125),
      "order.total": { $approx: 645 },
      "order.status": "confirmed",
    },
  },
  {
    id: "std-consolidated-leap-day",
    description: "Consolidated PO dated 29 February: calendar arithmetic across the month end.",
    derivation:
      "3 x SKU-9010 $215 = 645. ETA 2024-02-29 + 1 = 2024-03-01 ship, + 3 (UPS) = 2024-03-04. Confirmation due 2024-02-29T12:00Z.",
    steps: [
      portal(TOKEN.consolidated, body(po(100126), "CUST-003", [line("SKU-9010", 3)], { order_date: "2024-02-29" })),
    ],
    expect: {
      "order.shipments[0].ship_date": "2024-03-01",
      "order.shipments[0].eta": "2024-03-04",
      "order.notifications[0].due_by": "2024-02-29T12:00:00.000Z",
    },
  },
  {
    id: "std-beta-edi-pipe-delimiters",
    description:
      "Beta EDI with '|' elements and '^' segment terminators, then the same interchange again (a VAN resend).",
    derivation:
      "45 x SKU-7210 at $62.50 (the [1, 99] tier) = 2,812.50. FedEx from Detroit, ETA 2024-11-11 + 3 = " +
      "2024-11-14. The resend repeats interchange control number and sender: refused as a duplicate " +
      "interchange (409); the order is unchanged.",
    steps: [
      edi({
        sender: "BETAIND",
        control: "000012701",
        element: "|",
        segment: "^",
        subElement: ":",
        sets: [{ po: po(100127), date: "20241111", lines: [{ qty: 45, price: 62.5, sku: "SKU-7210" }] }],
      }),
      edi({
        sender: "BETAIND",
        control: "000012701",
        element: "|",
        segment: "^",
        subElement: ":",
        sets: [{ po: po(100127), date: "20241111", lines: [{ qty: 45, price: 62.5, sku: "SKU-7210" }] }],
      }),
    ],
    expect: {
      "steps[0].status": 202,
      "steps[1].status": 409,
      "order.customer_id": "CUST-002",
      "order.total": { $approx: 2812.5 },
      "order.shipments[0].eta": "2024-11-14",
    },
  },
  {
    id: "std-acme-edi-via-van-n1-buyer",
    description: "An interchange from a VAN sender names Acme in N1*BY: the customer comes from the buyer party.",
    derivation:
      "ISA06 VANHUB01 is no trading partner; N1*BY ACMEIND is -> CUST-001. 2 x SKU-9010 list $215 = 430. UPS from Chicago, ETA 2024-12-16 + 4 = 2024-12-20.",
    steps: [
      edi({
        sender: "VANHUB01",
        control: "000012801",
        sets: [{ po: po(100128), date: "20241216", buyer: "ACMEIND", lines: [{ qty: 2, sku: "SKU-9010" }] }],
      }),
    ],
    expect: {
      "order.customer_id": "CUST-001",
      "order.customer": "Acme Industrial",
      "order.total": { $approx: 430 },
      "order.shipments[0].eta": "2024-12-20",
    },
  },
  {
    id: "std-beta-split-partially-shipped",
    description: "Beta split across Detroit and Chicago; the first shipment leaves: partially shipped.",
    derivation:
      "10 x SKU-7211 $78 = 780 + 2 x SKU-9010 list $215 = 430: 1,210, warning_no_contract. Detroit covers " +
      "10 units, Chicago 2: Detroit ships first (S1, FedEx), Chicago second (S2, UPS). Dispatch without a " +
      "shipment id ships the first planned one: status partially-shipped, S2 still planned.",
    steps: [
      portal(
        TOKEN.beta,
        body(po(100129), "CUST-002", [line("SKU-7211", 10), line("SKU-9010", 2)], { order_date: "2024-06-24" }),
      ),
      dispatch(po(100129), "2024-06-25", "FedEx", "7949EVS2900029"),
    ],
    expect: {
      "order.total": { $approx: 1210 },
      "order.flags": { $contains: "split_required" },
      "order.status": "partially-shipped",
      "order.shipments[0].status": "shipped",
      "order.shipments[0].warehouse": "Detroit, MI",
      "order.shipments[1].status": "planned",
      "order.lines[0].qty_shipped": 10,
      "order.lines[1].qty_shipped": 0,
    },
  },
  {
    id: "std-consolidated-out-for-delivery-then-delivered",
    description: "Consolidated order tracked to delivery: progress events do not open exceptions.",
    derivation:
      "2 x SKU-9010 $215 = 430. Dispatch, then carrier in_transit and out_for_delivery (no delay, no ETA slip): tracking only. delivered delivers the order.",
    steps: [
      portal(TOKEN.consolidated, body(po(100130), "CUST-003", [line("SKU-9010", 2)], { order_date: "2024-09-02" })),
      dispatch(po(100130), "2024-09-03", "UPS", "1ZEVS3000030"),
      carrier(po(100130), "in_transit", "Indianapolis, IN", "2024-09-04T09:00:00Z"),
      carrier(po(100130), "out_for_delivery", "Dayton, OH", "2024-09-06T07:30:00Z"),
      carrier(po(100130), "delivered", "Dayton, OH", "2024-09-06T13:10:00Z"),
    ],
    expect: {
      "order.status": "delivered",
      "order.exceptions": [],
      "order.shipments[0].status": "delivered",
      "order.notifications[2].template": "order_delivered",
    },
  },
]);
