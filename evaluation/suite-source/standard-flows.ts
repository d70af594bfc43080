/**
 * 30 standard flows: intake by every channel, contract tiers on both sides of each boundary,
 * list pricing outside a contract, single and split shipments, backorders with and without
 * partial-shipment consent, the $50,000 split gate, dispatch and delivery.
 *
 * Reference (seed data): Acme CUST-001 strategic, partial OK, CTR-2024-001 Net 45, 14-day window,
 * 4 h response; SKU-4892 1-49 $595 / 50+ $480; SKU-3300 $3,200. Beta CUST-002 standard, partial
 * OK, CTR-2024-002 Net 30, 21 days, 8 h; SKU-7210 1-99 $62.50 / 100+ $58; SKU-7211 $78.
 * Consolidated CUST-003 key, NO partial, CTR-2024-003 Net 60, 28 days, 12 h; SKU-4892 1-99 $510 /
 * 100+ $480; SKU-9010 $215. List: 4892 $595, 7210 $62.50, 7211 $78, 3300 $3,200, 9010 $215.
 * Stock: 4892 Chicago 120 + Detroit 40 (supplier ETA 2024-11-15); 7210 Detroit 2400; 7211 Detroit
 * 900; 3300 Chicago 6 (supplier ETA 2024-12-02); 9010 Chicago 300.
 * Carrier: Chicago -> UPS (hub in Chicago, 3 days); Detroit -> FedEx (no hub, fastest, 2 days).
 * ETA = order date + 1 handling day + transit: Chicago +4 days, Detroit +3 days. Backordered
 * goods: restock (supplier ETA, else order date + lead time) + 1 + 2 (fastest carrier).
 * A first notification is due at the order date's 00:00 UTC + the contract's response hours.
 *
 * SKU-4892 and SKU-3300 stock is shared by every case of a run, so cases on them assert only
 * what holds at any stock level (prices, totals, flags that do not depend on availability).
 */
import { body, carrier, cases, decide, dispatch, edi, email, erp, line, po, portal, TOKEN } from "./helpers";

export const STANDARD_FLOWS = cases("standard_flow", [
  {
    id: "std-acme-portal-valves-tier-50",
    description: "Acme orders exactly 50 valves by portal: the 50+ tier applies.",
    derivation:
      "SKU-4892 qty 50 falls in Acme's [50, null] tier at $480; total 50 x 480 = 24,000. No buyer price, so no mismatch; SKU under contract, so no warning. Fulfillment not asserted (shared 4892 stock).",
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
      "Consolidated SKU-4892 [1, 99] $510: 99 x 510 = 50,490. Consolidated does not allow partial shipment, so the order is never split (status confirmed when one warehouse covers it, else backordered whole); never awaiting-approval since only a split needs approval.",
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
      "Beta SKU-7210 [1, 99] $62.50: 99 x 62.5 = 6,187.50. Detroit holds 2,400: single shipment; Detroit has no carrier hub, so the fastest carrier, FedEx (2 days). ETA 2024-05-06 + 1 + 2 = 2024-05-09, inside 21 days. Confirmation due 2024-05-06T00:00Z + 8 h.",
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
      "BETAIND -> CUST-002. 60 x SKU-7210 at the [1, 99] tier $62.50 = 3,750; 30 x SKU-7211 at $78 = 2,340; total 6,090. Both in Detroit: single FedEx shipment, ETA 2024-07-15 + 3 = 2024-07-18.",
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
      "Acme's contract has no SKU-9010 tier: list $215, flag warning_no_contract, contract_price null; 2 x 215 = 430. Chicago stock, UPS (hub in Chicago, 3 days): ETA 2024-02-12 + 4 = 2024-02-16.",
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
  {
    id: "std-beta-email-bearings",
    description: "Beta e-mails a PO for three-inch bearings at the contract price.",
    derivation:
      "Sender domain beta-industrial.example -> CUST-002. 25 x SKU-7211 at $78 (contract $78): total 1,950, no mismatch. Detroit, FedEx, ETA 2024-04-08 + 3 = 2024-04-11.",
    steps: [
      email("orders@beta-industrial.example", `Purchase order ${po(100110)}`, [
        "Hi team,",
        "",
        `PO Number: ${po(100110)}`,
        "Order date: 2024-04-08",
        "25 x SKU-7211 at $78.00",
        "",
        "Regards,",
        "Sam",
      ]),
    ],
    expect: {
      "steps[0].status": 202,
      "order.channel": "email",
      "order.customer_id": "CUST-002",
      "order.order_date": "2024-04-08",
      "order.lines[0].qty": 25,
      "order.total": { $approx: 1950 },
      "order.status": "confirmed",
      "order.shipments[0].eta": "2024-04-11",
    },
  },
  {
    id: "std-acme-email-two-warehouses",
    description: "Acme e-mails a PO whose lines sit in two warehouses: a split into two complete shipments.",
    derivation:
      "acme-industrial.example -> CUST-001. 4 x SKU-9010 list $215 = 860 (no Acme tier) + 2 x SKU-7211 list $78 = 156: total 1,016, warning_no_contract. 9010 is only in Chicago, 7211 only in Detroit: no single warehouse, Acme allows partial shipment, so split_required with nothing backordered; Chicago covers 4 units, Detroit 2, so Chicago ships first (UPS) and Detroit second (FedEx). $1,016 is under the $50,000 gate: confirmed.",
    steps: [
      email("Dana Ruiz <purchasing@acme-industrial.example>", `Order ${po(100111)}`, [
        "Hello,",
        "",
        `PO Number: ${po(100111)}`,
        "Order date: 2024-05-13",
        "4 x SKU-9010 at $215",
        "2 x SKU-7211 at $78.00",
        "",
        "Thanks,",
        "Dana Ruiz",
      ]),
    ],
    expect: {
      "order.channel": "email",
      "order.status": "confirmed",
      "order.total": { $approx: 1016 },
      "order.flags": { $contains: "split_required" },
      "order.backorders": [],
      "order.shipments[0].warehouse": "Chicago, IL",
      "order.shipments[0].carrier": "UPS",
      "order.shipments[1].warehouse": "Detroit, MI",
      "order.shipments[1].carrier": "FedEx",
    },
  },
  {
    id: "std-consolidated-email-relief-valves",
    description: "Consolidated e-mails a table-style PO for relief valves.",
    derivation:
      "consolidated-mfg.example -> CUST-003. 3 x SKU-9010 at $215 (contract) = 645. Chicago, UPS, ETA 2024-10-07 + 4 = 2024-10-11.",
    steps: [
      email("Procurement <procurement@consolidated-mfg.example>", `New order - ${po(100112)}`, [
        "Good morning,",
        "",
        `PO Number: ${po(100112)}`,
        "Order date: 2024-10-07",
        "Qty: 3, Item: SKU-9010, Price: $215.00",
        "",
        "Best regards,",
        "Morgan Lee",
      ]),
    ],
    expect: {
      "order.customer_id": "CUST-003",
      "order.channel": "email",
      "order.total": { $approx: 645 },
      "order.lines[0].contract_price": 215,
      "order.shipments[0].eta": "2024-10-11",
      "order.status": "confirmed",
    },
  },
  {
    id: "std-acme-edi-relief-valves-no-price",
    description: "Acme EDI 850 with a line that names no unit price: charged at the price that applies.",
    derivation:
      "ACMEIND -> CUST-001. PO104 empty: no buyer price; SKU-9010 has no Acme tier, so list $215 and warning_no_contract; 2 x 215 = 430, no price_mismatch. UPS from Chicago, ETA 2024-03-04 + 4 = 2024-03-08.",
    steps: [
      edi({
        sender: "ACMEIND",
        control: "000011301",
        sets: [{ po: po(100113), date: "20240304", lines: [{ qty: 2, sku: "SKU-9010", qualifier: "IN" }] }],
      }),
    ],
    expect: {
      "order.total": { $approx: 430 },
      "order.lines[0].unit_price": 215,
      "order.flags": { $contains: "warning_no_contract" },
      "order.lines[0].contract_price": null,
      "order.shipments[0].eta": "2024-03-08",
    },
  },
  {
    id: "std-beta-edi-requested-delivery",
    description: "Beta EDI 850 with a requested delivery date (DTM*002).",
    derivation:
      "20 x SKU-7211 at $78 = 1,560. DTM*002 20240920 -> requested_delivery_date 2024-09-20. FedEx from Detroit, ETA 2024-09-09 + 3 = 2024-09-12.",
    steps: [
      edi({
        sender: "BETAIND",
        control: "000011401",
        sets: [
          { po: po(100114), date: "20240909", requested: "20240920", lines: [{ qty: 20, price: 78, sku: "SKU-7211" }] },
        ],
      }),
    ],
    expect: {
      "order.requested_delivery_date": "2024-09-20",
      "order.total": { $approx: 1560 },
      "order.shipments[0].eta": "2024-09-12",
      "order.status": "confirmed",
    },
  },
  {
    id: "std-consolidated-edi-5010",
    description: "Consolidated EDI in version 005010: relief valves at contract price.",
    derivation:
      "3 x SKU-9010 at $215 = 645 (Consolidated contract $215). UPS from Chicago, ETA 2024-12-02 + 4 = 2024-12-06; window ends 2024-12-30: no SLA risk. The 997 accepts the group: AK9 A, 1 set included, 1 received, 1 accepted.",
    steps: [
      edi({
        sender: "CONSOLMFG",
        control: "000011501",
        version: "5010",
        sets: [{ po: po(100115), date: "20241202", lines: [{ qty: 3, price: 215, sku: "SKU-9010" }] }],
      }),
    ],
    expect: {
      "order.total": { $approx: 645 },
      "order.shipments[0].eta": "2024-12-06",
      "order.sla_risk": false,
      "order.payment_terms": "Net 60",
      "steps[0].body.ack_997": { $contains: "AK9*A*1*1*1" },
    },
  },
  {
    id: "std-acme-dispatch-shipped",
    description: "Acme order dispatched by the ERP: shipped, tracking on the view, customer told.",
    derivation:
      "2 x SKU-9010 list $215 = 430, confirmed. shipment.dispatched (UPS, 1ZEVS1600016) ships the only shipment: status shipped, qty_shipped 2. The shipping notice is due at the status's business time (shipped_at 2024-06-11T15:00Z) + Acme's 4 h = 19:00Z.",
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
      "3 x SKU-3300 at Acme's contract $3,200 = 9,600. The ERP then sets Chicago's SKU-3300 on hand to 0: whatever the order held no longer exists, so all 3 are short (backorder detected from an inventory drop, or already short at allocation), against supplier ETA 2024-12-02. Acme allows partial shipment: resolved split_shipment, not escalated. The case runs serially first so that, on a fresh database, the 3 pumps are in stock when allocated and the drop is what makes them short.",
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
      "Set 1: 2 x SKU-9010 at $215 (contract) = 430, Chicago UPS, ETA 2024-10-14 + 4 = 2024-10-18. Set 2: 10 x SKU-7211, no Consolidated tier -> list $78 = 780 with warning_no_contract, Detroit FedEx, ETA 2024-10-17.",
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
      "SKU-3300 is not in Beta's contract: list $3,200, 7 x 3200 = 22,400, warning_no_contract. At most 6 are in Chicago, so at least 1 is short: backorder against the supplier ETA 2024-12-02. Beta allows partial shipment: the backorder exception resolves as split_shipment (not escalated). Status confirmed when some stock ships, backordered when none is left.",
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
      "7 x 3200 (list, warning_no_contract) + 2 x 215 (contract) = 22,830. No warehouse covers 7 of SKU-3300 and Consolidated refuses partial shipment: backordered, no shipment, backorder_notify. The pump restock is 2024-12-02, so ETA 2024-12-02 + 1 + 2 = 2024-12-05, past 2024-11-04 + 28 = 2024-12-02: an SLA risk. First notification is the backorder notice.",
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
    description: "Acme split worth more than $50,000: a human approves before anything ships.",
    derivation:
      "16 x SKU-3300 $3,200 (contract) = 51,200 + 4 x SKU-7210 list $62.50 = 250: total 51,450. 7210 is only in Detroit, 3300 only in Chicago: a split (Detroit always ships the bearings), 3300 short by at least 10. Split over $50,000 -> awaiting-approval with an open escalation; the first notification says approval is pending.",
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
    description: "Operations approves an Acme split over $50,000: the order proceeds.",
    derivation:
      "Same order shape as the awaiting-approval case (total 51,450, split). Approving the split escalation lets it ship: the order leaves awaiting-approval for confirmed, the escalation is decided and the awaiting_approval flag goes.",
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
      "45 x SKU-7210 at $62.50 (the [1, 99] tier) = 2,812.50. FedEx from Detroit, ETA 2024-11-11 + 3 = 2024-11-14. The resend repeats interchange control number and sender: refused as a duplicate interchange (409); the order is unchanged.",
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
      "10 x SKU-7211 $78 = 780 + 2 x SKU-9010 list $215 = 430: 1,210, warning_no_contract. Detroit covers 10 units, Chicago 2: Detroit ships first (S1, FedEx), Chicago second (S2, UPS). Dispatch without a shipment id ships the first planned one: status partially-shipped, S2 still planned.",
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
