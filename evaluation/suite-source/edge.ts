/**
 * 10 edge cases of intake (DESIGN §4, §5.1): a PO that fails validation is answered 422 and still
 * recorded as `rejected` with its field errors; a PO number used before is 409; lines are 1..500
 * with whole quantities above 0; the customer must be named and exist.
 *
 * Expired contract: the seed contracts carry no validity dates (no valid_from / valid_to), so no
 * order date can put a contract out of force with this data. The case below pins the consequence
 * instead: a PO dated years before any other order still gets its contract's prices, and no
 * expiry is invented.
 */
import { body, cases, decide, edi, email, erp, line, OPUS, po, portal, remembering, TOKEN } from "./helpers";

export const EDGE = cases("edge", [
  {
    id: "edge-missing-line-items",
    description: "A portal PO with an empty line list.",
    derivation:
      "line_items needs 1..500 items: 422, recorded as rejected with an error on line_items; nothing is planned.",
    steps: [portal(TOKEN.acme, body(po(100601), "CUST-001", [], { order_date: "2024-10-01" }))],
    expect: {
      "steps[0].status": 422,
      "steps[0].body.errors": { $contains: { field: "line_items" } },
      "order.status": "rejected",
      "order.validation.status": "rejected",
      "order.validation.errors": { $contains: { field: "line_items" } },
      "order.shipments": [],
    },
  },
  {
    id: "edge-edi-invalid-sku",
    description: "An EDI 850 line names a SKU the catalog does not have.",
    derivation:
      "The envelope and counts are right, so the interchange is taken (202) and the 850 mapped; intake " +
      "rejects the PO: SKU-9999 unknown -> order rejected with an error on line_items[0].sku.",
    steps: [
      edi({
        sender: "BETAIND",
        control: "000060201",
        sets: [{ po: po(100602), date: "20241007", lines: [{ qty: 5, price: 62.5, sku: "SKU-9999" }] }],
      }),
    ],
    expect: {
      "steps[0].status": 202,
      "steps[0].body.orders[0].status": "rejected",
      "order.status": "rejected",
      "order.channel": "edi",
      "order.validation.errors": { $contains: { field: "line_items[0].sku" } },
    },
  },
  {
    id: "edge-zero-and-negative-quantity",
    description: "A PO whose lines ask for 0 and for -5 relief valves.",
    derivation:
      "qty must be an integer > 0: 422, recorded as rejected with an error on each line's qty " +
      "(line_items[0].qty for 0, line_items[1].qty for -5); nothing is planned.",
    steps: [
      portal(
        TOKEN.consolidated,
        body(po(100604), "CUST-003", [line("SKU-9010", 0), line("SKU-9010", -5)], { order_date: "2024-10-09" }),
      ),
    ],
    expect: {
      "steps[0].status": 422,
      "order.status": "rejected",
      "order.validation.errors": { $contains: { field: "line_items[0].qty" } },
      "steps[0].body.errors": { $contains: { field: "line_items[1].qty" } },
      "order.shipments": [],
    },
  },
  {
    id: "edge-email-fractional-quantity",
    description: "An e-mailed PO asks for 2.5 relief valves.",
    derivation:
      "The e-mail is readable and names the PO, the customer (acme-industrial.example) and the line, so it " +
      "reaches intake; qty 2.5 is not a whole number: 422, recorded as rejected with an error on " +
      "line_items[0].qty.",
    steps: [
      email("purchasing@acme-industrial.example", `PO ${po(100605)}`, [
        `PO Number: ${po(100605)}`,
        "Order date: 2024-10-10",
        "2.5 x SKU-9010 at $215",
        "Thanks",
      ]),
    ],
    expect: {
      "steps[0].status": 422,
      "order.status": "rejected",
      "order.channel": "email",
      "order.validation.errors": { $contains: { field: "line_items[0].qty" } },
    },
  },
  {
    id: "edge-duplicate-po-number",
    description: "Beta sends a second, different PO under a number already used.",
    derivation:
      "A duplicate PO number with a different body (and no idempotency key) is 409; the first order is unchanged (10 x SKU-7211, $780).",
    steps: [
      portal(TOKEN.beta, body(po(100606), "CUST-002", [line("SKU-7211", 10)], { order_date: "2024-10-14" })),
      portal(TOKEN.beta, body(po(100606), "CUST-002", [line("SKU-7211", 20)], { order_date: "2024-10-14" })),
    ],
    expect: {
      "steps[0].status": 202,
      "steps[1].status": 409,
      "order.lines[0].qty": 10,
      "order.total": { $approx: 780 },
      "order.status": "confirmed",
    },
  },
  {
    id: "edge-oversized-order-501-lines",
    description: "A PO with 501 lines, one more than allowed.",
    derivation: "line_items allows at most 500: 422, rejected with an error on line_items.",
    steps: [
      portal(
        TOKEN.beta,
        body(
          po(100607),
          "CUST-002",
          Array.from({ length: 501 }, () => line("SKU-7210", 1)),
          { order_date: "2024-10-15" },
        ),
      ),
    ],
    expect: {
      "steps[0].status": 422,
      "order.status": "rejected",
      "order.validation.errors": { $contains: { field: "line_items" } },
    },
  },
  {
    id: "edge-missing-customer",
    description: "A PO sent by operations without a customer_id.",
    derivation: "customer_id is required: 422, recorded as rejected with an error on customer_id.",
    steps: [portal(TOKEN.ops, { po_number: po(100608), line_items: [line("SKU-7210", 5)], order_date: "2024-10-16" })],
    expect: {
      "steps[0].status": 422,
      "order.status": "rejected",
      "order.validation.errors": { $contains: { field: "customer_id" } },
    },
  },
  {
    id: "edge-old-order-date-contract-still-applies",
    description:
      "A PO dated 2019: the seed contracts have no validity dates, so an expired contract cannot be expressed; the contract still applies.",
    derivation:
      "Contracts carry no valid_from/valid_to, so CTR-2024-003 is in force on 2019-06-03: 5 x SKU-4892 at " +
      "Consolidated's [1, 99] tier $510 = 2,550 (not the $595 list price), no warning_no_contract.",
    steps: [
      portal(TOKEN.consolidated, body(po(100609), "CUST-003", [line("SKU-4892", 5)], { order_date: "2019-06-03" })),
    ],
    expect: {
      "order.contract_id": "CTR-2024-003",
      "order.lines[0].contract_price": 510,
      "order.total": { $approx: 2550 },
      "order.flags": { $notContains: "warning_no_contract" },
      "order.order_date": "2019-06-03",
    },
  },
  {
    id: "edge-partial-inventory-split",
    description: "Beta orders bearings (plenty) and pump motors (short): ship what is there, backorder the rest.",
    derivation:
      "10 x SKU-7211 $78 = 780 + 8 x SKU-3300 list $3,200 = 25,600: 26,380, under $50,000. Detroit covers " +
      "the 10 bearings (more units than Chicago's at most 6 pumps), so it ships first by FedEx; at least 2 " +
      "pumps are short against supplier ETA 2024-12-02 -> split_required + backorder, resolved " +
      "split_shipment. Order ETA = 2024-12-02 + 1 + 2 = 2024-12-05, past 2024-11-12 + 21 = 2024-12-03: SLA " +
      "risk.",
    steps: [
      portal(
        TOKEN.beta,
        body(po(100610), "CUST-002", [line("SKU-7211", 10), line("SKU-3300", 8)], { order_date: "2024-11-12" }),
      ),
    ],
    expect: {
      "order.status": "confirmed",
      "order.total": { $approx: 26380 },
      "order.flags": { $contains: "split_required" },
      "order.shipments[0].warehouse": "Detroit, MI",
      "order.shipments[0].carrier": "FedEx",
      "order.backorders[0].sku": "SKU-3300",
      "order.backorders[0].supplier_eta": "2024-12-02",
      "order.resolutions[0].resolution_type": "split_shipment",
      "order.eta": "2024-12-05",
      "order.sla_risk": true,
    },
  },
  {
    id: "edge-never-seen-exception-learned-from-human",
    escalates: true,
    description:
      "A never-seen problem goes to a human, who decides a resolution; the next similar problem of the same customer follows that decision without a human.",
    derivation:
      "ERP exception.reported with a kind the playbook has no row for (a customs hold, unique to this " +
      "run): investigated by the complex tier (Opus), proposed resolution, escalated. Operations modifies " +
      "it to broker_expedite: the escalation is decided and the episode stored with that resolution. The " +
      "same kind on the customer's next order follows the episode: broker_expedite, not escalated, citing " +
      "the first order's episode (EP- + its first exception id).",
    steps: [
      portal(TOKEN.consolidated, body(po(100603), "CUST-003", [line("SKU-7211", 2)], { order_date: "2024-12-02" })),
      erp("exception.reported", po(100603), "2024-12-04T10:00:00Z", {
        kind: "customs_hold_2025-100603",
        detail: "Held at the Windsor crossing: commercial invoice missing HS codes",
      }),
      remembering(
        decide(po(100603), "modify", {
          exception: 0,
          resolution: {
            resolution_type: "broker_expedite",
            explanation: "Customs broker files corrected HS codes; customer told of a 2-day slip.",
          },
          note: "standard fix for missing HS codes",
        }),
        "episode",
      ),
      portal(TOKEN.consolidated, body(po(100653), "CUST-003", [line("SKU-7211", 2)], { order_date: "2024-12-09" })),
      erp("exception.reported", po(100653), "2024-12-11T10:00:00Z", {
        kind: "customs_hold_2025-100603",
        detail: "Held at the Windsor crossing: commercial invoice missing HS codes",
      }),
    ],
    expect: {
      "order.resolutions[0].escalated": true,
      "order.resolutions[0].model": OPUS,
      "steps[2].status": { $in: [200, 201, 202] },
      "order.escalations[0].status": "decided",
      [`orders.${po(100653)}.resolutions[0].resolution_type`]: "broker_expedite",
      [`orders.${po(100653)}.resolutions[0].escalated`]: false,
      [`orders.${po(100653)}.resolutions[0].precedent_episode_ids`]: [`EP-CUST-003-${po(100603)}-EX1`],
      [`orders.${po(100653)}.escalations`]: [],
    },
  },
]);
