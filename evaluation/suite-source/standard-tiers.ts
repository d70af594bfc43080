/**
 * Standard flows, contract tiers: prices on both sides of every tier boundary, list prices and
 * `warning_no_contract` outside a contract, by portal.
 * Reference figures: standard-flows.ts.
 */
import { body, cases, edi, line, po, portal, TOKEN } from "./helpers";

export const STANDARD_TIERS = cases("standard_flow", [
  {
    id: "std-acme-portal-valves-tier-50",
    description: "Acme orders exactly 50 valves by portal: the 50+ tier applies.",
    derivation:
      "SKU-4892 qty 50 falls in Acme's [50, null] tier at $480; total 50 x 480 = 24,000. No buyer price, " +
      "so no mismatch; SKU under contract, so no warning. Fulfillment not asserted (shared 4892 stock).",
    steps: [portal(TOKEN.acme, body(po(100101), "CUST-001", [line("SKU-4892", 50)], { order_date: "2024-09-16" }))],
    expect: {
      "steps[0].status": 202,
      "order.total": { $approx: 24000 },
      "order.lines[0].contract_price": 480,
      "order.lines[0].list_price": 595,
      "order.lines[0].unit_price": 480,
      "order.contract_id": "CTR-2024-001",
      "order.payment_terms": "Net 45",
      "order.flags": { $notContains: "price_mismatch" },
      "order.validation.status": "accepted",
    },
  },
  {
    id: "std-acme-portal-valves-tier-49",
    description: "Acme orders 49 valves: one below the volume tier, list-equal contract price.",
    derivation:
      "qty 49 is in Acme's [1, 49] tier at $595; total 49 x 595 = 29,155. Still a contract price (not list), so no warning_no_contract.",
    steps: [portal(TOKEN.acme, body(po(100102), "CUST-001", [line("SKU-4892", 49)], { order_date: "2024-09-23" }))],
    expect: {
      "order.total": { $approx: 29155 },
      "order.lines[0].contract_price": 595,
      "order.flags": { $notContains: "warning_no_contract" },
      "order.sla.delivery_window_days": 14,
      "order.sla.response_time_hours": 4,
    },
  },
  {
    id: "std-consolidated-portal-valves-99",
    description: "Consolidated orders 99 valves: top of its first tier; no partial shipments for this customer.",
    derivation:
      "Consolidated SKU-4892 [1, 99] $510: 99 x 510 = 50,490. Consolidated does not allow partial " +
      "shipment, so the order is never split (status confirmed when one warehouse covers it, else " +
      "backordered whole); never awaiting-approval since only a split needs approval.",
    steps: [
      portal(TOKEN.consolidated, body(po(100103), "CUST-003", [line("SKU-4892", 99)], { order_date: "2024-10-07" })),
    ],
    expect: {
      "order.total": { $approx: 50490 },
      "order.lines[0].contract_price": 510,
      "order.status": { $in: ["confirmed", "backordered"] },
      "order.flags": { $notContains: "split_required" },
      "order.payment_terms": "Net 60",
    },
  },
  {
    id: "std-consolidated-edi-valves-100",
    description: "Consolidated sends 100 valves by EDI at $480: the 100+ tier, buyer's price matches.",
    derivation:
      "CONSOLMFG -> CUST-003. qty 100 is in [100, null] at $480; PO104 480 equals it, so no price_mismatch; total 48,000. BEG05 20241014 is the order date.",
    steps: [
      edi({
        sender: "CONSOLMFG",
        control: "000010401",
        sets: [{ po: po(100104), date: "20241014", lines: [{ qty: 100, price: 480, sku: "SKU-4892" }] }],
      }),
    ],
    expect: {
      "steps[0].status": 202,
      "steps[0].body.orders[0].status": "received",
      "order.channel": "edi",
      "order.customer_id": "CUST-003",
      "order.order_date": "2024-10-14",
      "order.total": { $approx: 48000 },
      "order.lines[0].contract_price": 480,
      "order.flags": { $notContains: "price_mismatch" },
    },
  },
  {
    id: "std-beta-portal-bearings-99",
    description: "Beta orders 99 two-inch bearings: last quantity of the first tier, shipped from Detroit by FedEx.",
    derivation:
      "Beta SKU-7210 [1, 99] $62.50: 99 x 62.5 = 6,187.50. Detroit holds 2,400: single shipment; Detroit " +
      "has no carrier hub, so the fastest carrier, FedEx (2 days). ETA 2024-05-06 + 1 + 2 = 2024-05-09, " +
      "inside 21 days. Confirmation due 2024-05-06T00:00Z + 8 h.",
    steps: [portal(TOKEN.beta, body(po(100105), "CUST-002", [line("SKU-7210", 99)], { order_date: "2024-05-06" }))],
    expect: {
      "order.status": "confirmed",
      "order.total": { $approx: 6187.5 },
      "order.lines[0].contract_price": 62.5,
      "order.shipments[0].warehouse": "Detroit, MI",
      "order.shipments[0].carrier": "FedEx",
      "order.shipments[0].eta": "2024-05-09",
      "order.sla_risk": false,
      "order.notifications[0].template": "order_confirmed",
      "order.notifications[0].due_by": "2024-05-06T08:00:00.000Z",
      "order.agents_invoked": ["intake", "fulfillment", "exception", "comms"],
    },
  },
  {
    id: "std-beta-portal-bearings-100",
    description: "Beta orders 100 two-inch bearings: first quantity of the volume tier.",
    derivation:
      "qty 100 is in Beta's [100, null] tier at $58: 100 x 58 = 5,800. Detroit, FedEx, ETA 2024-06-03 + 3 = 2024-06-06.",
    steps: [portal(TOKEN.beta, body(po(100106), "CUST-002", [line("SKU-7210", 100)], { order_date: "2024-06-03" }))],
    expect: {
      "order.status": "confirmed",
      "order.total": { $approx: 5800 },
      "order.lines[0].contract_price": 58,
      "order.lines[0].unit_price": 58,
      "order.shipments[0].eta": "2024-06-06",
      "order.eta": "2024-06-06",
      "order.exceptions": [],
    },
  },
  {
    id: "std-beta-edi-two-bearing-lines",
    description: "Beta EDI 850 with two bearing lines at contract prices: one Detroit shipment.",
    derivation:
      "BETAIND -> CUST-002. 60 x SKU-7210 at the [1, 99] tier $62.50 = 3,750; 30 x SKU-7211 at $78 = " +
      "2,340; total 6,090. Both in Detroit: single FedEx shipment, ETA 2024-07-15 + 3 = 2024-07-18.",
    steps: [
      edi({
        sender: "BETAIND",
        control: "000010701",
        sets: [
          {
            po: po(100107),
            date: "20240715",
            lines: [
              { qty: 60, price: 62.5, sku: "SKU-7210" },
              { qty: 30, price: 78, sku: "SKU-7211", qualifier: "BP" },
            ],
          },
        ],
      }),
    ],
    expect: {
      "order.status": "confirmed",
      "order.total": { $approx: 6090 },
      "order.lines[1].contract_price": 78,
      "order.shipments[1]": { $absent: true },
      "order.shipments[0].lines": { $contains: { sku: "SKU-7211", qty: 30 } },
      "order.shipments[0].eta": "2024-07-18",
      "order.flags": { $notContains: "price_mismatch" },
    },
  },
  {
    id: "std-acme-portal-no-contract-sku",
    description: "Acme orders relief valves, which its contract does not cover: list price and a warning.",
    derivation:
      "Acme's contract has no SKU-9010 tier: list $215, flag warning_no_contract, contract_price null; 2 x " +
      "215 = 430. Chicago stock, UPS (hub in Chicago, 3 days): ETA 2024-02-12 + 4 = 2024-02-16.",
    steps: [portal(TOKEN.acme, body(po(100108), "CUST-001", [line("SKU-9010", 2)], { order_date: "2024-02-12" }))],
    expect: {
      "order.status": "confirmed",
      "order.total": { $approx: 430 },
      "order.lines[0].contract_price": null,
      "order.lines[0].list_price": 215,
      "order.flags": { $contains: "warning_no_contract" },
      "order.shipments[0].warehouse": "Chicago, IL",
      "order.shipments[0].carrier": "UPS",
      "order.shipments[0].eta": "2024-02-16",
      "order.exceptions": [],
    },
  },
  {
    id: "std-consolidated-portal-relief-valves",
    description: "Consolidated orders relief valves under its contract, by portal.",
    derivation:
      "Consolidated SKU-9010 $215 (contract): 3 x 215 = 645. Chicago, UPS, ETA 2024-08-19 + 4 = 2024-08-23. Confirmation due 2024-08-19T00:00Z + 12 h.",
    steps: [
      portal(TOKEN.consolidated, body(po(100109), "CUST-003", [line("SKU-9010", 3)], { order_date: "2024-08-19" })),
    ],
    expect: {
      "order.status": "confirmed",
      "order.total": { $approx: 645 },
      "order.lines[0].contract_price": 215,
      "order.flags": { $notContains: "warning_no_contract" },
      "order.shipments[0].eta": "2024-08-23",
      "order.notifications[0].due_by": "2024-08-19T12:00:00.000Z",
      "order.sla.delivery_window_days": 28,
    },
  },
]);
