/**
 * Standard flows by e-mail and EDI: sender domains and interchange ids naming the customer,
 * several warehouses, a requested delivery date, X12 5010.
 * Reference figures: standard-flows.ts.
 */
import { cases, edi, email, po } from "./helpers";

export const STANDARD_CHANNELS = cases("standard_flow", [
  {
    id: "std-beta-email-bearings",
    description: "Beta e-mails a PO for three-inch bearings at the contract price.",
    derivation:
      "Sender domain beta-industrial.example -> CUST-002. 25 x SKU-7211 at $78 (contract $78): total " +
      "1,950, no mismatch. Detroit, FedEx, ETA 2024-04-08 + 3 = 2024-04-11.",
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
      "acme-industrial.example -> CUST-001. 4 x SKU-9010 list $215 = 860 (no Acme tier) + 2 x SKU-7211 " +
      "list $78 = 156: total 1,016, warning_no_contract. 9010 is only in Chicago, 7211 only in Detroit: no " +
      "single warehouse, Acme allows partial shipment, so split_required with nothing backordered; Chicago " +
      "covers 4 units, Detroit 2, so Chicago ships first (UPS) and Detroit second (FedEx). $1,016 is under " +
      "the $50,000 gate: confirmed.",
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
      "ACMEIND -> CUST-001. PO104 empty: no buyer price; SKU-9010 has no Acme tier, so list $215 and " +
      "warning_no_contract; 2 x 215 = 430, no price_mismatch. UPS from Chicago, ETA 2024-03-04 + 4 = " +
      "2024-03-08.",
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
      "3 x SKU-9010 at $215 = 645 (Consolidated contract $215). UPS from Chicago, ETA 2024-12-02 + 4 = " +
      "2024-12-06; window ends 2024-12-30: no SLA risk. The 997 accepts the group: AK9 A, 1 set included, " +
      "1 received, 1 accepted.",
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
]);
