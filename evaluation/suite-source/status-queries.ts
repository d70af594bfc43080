/**
 * 20 status queries (DESIGN §4 `POST /v1/orders/:po/status-query`): the answer carries status,
 * carrier, tracking and ETA from the order; a free-text question is answered by the
 * `status_query` task, routed to Haiku (§7); no question means no model call (model null, cost 0);
 * the 5 s target holds (§1); another customer's order is 404; a question carrying an attack is
 * never sent to a model.
 */
import { body, carrier, cases, dispatch, HAIKU, line, po, portal, statusQuery, TOKEN } from "./helpers";
import { STATUS_QUERIES_EXCEPTIONAL } from "./status-queries-exceptional";

const STATUS_QUERIES_ORDINARY = cases("status_query", [
  {
    id: "sq-acme-confirmed-no-question",
    description: "Acme asks for the status of a confirmed order without a question: answered from the order, no model.",
    derivation:
      "3 x SKU-9010, Chicago, UPS, ETA 2024-04-15 + 4 = 2024-04-19, not dispatched (no tracking). No question: answer null, model null, cost 0.",
    steps: [
      portal(TOKEN.acme, body(po(100201), "CUST-001", [line("SKU-9010", 3)], { order_date: "2024-04-15" })),
      statusQuery(po(100201), TOKEN.acme),
    ],
    expect: {
      "steps[1].status": 200,
      "steps[1].body.status": "confirmed",
      "steps[1].body.carrier": "UPS",
      "steps[1].body.tracking": null,
      "steps[1].body.eta": "2024-04-19",
      "steps[1].body.answer": null,
      "steps[1].body.model": null,
      "steps[1].body.cost_usd": 0,
      "steps[1].body.latency_ms": { $lte: 5000 },
    },
  },
  {
    id: "sq-acme-shipped-tracking-question",
    description: "Acme asks for the tracking number of a shipped order: Haiku answers with it.",
    derivation:
      "Dispatched by UPS as 1ZEVQ0200002: status shipped, tracking on the answer. A question routes " +
      "status_query to Haiku (claude-haiku-4-5-20251001), whose answer names the tracking number it was " +
      "asked for.",
    steps: [
      portal(TOKEN.acme, body(po(100202), "CUST-001", [line("SKU-9010", 2)], { order_date: "2024-05-20" })),
      dispatch(po(100202), "2024-05-21", "UPS", "1ZEVQ0200002"),
      statusQuery(po(100202), TOKEN.acme, "What is the tracking number for this order?"),
    ],
    expect: {
      "steps[2].status": 200,
      "steps[2].body.status": "shipped",
      "steps[2].body.tracking": "1ZEVQ0200002",
      "steps[2].body.carrier": "UPS",
      "steps[2].body.model": HAIKU,
      "steps[2].body.answer": { $contains: "1ZEVQ0200002" },
      "steps[2].body.cost_usd": { $gte: 0.000001 },
      "steps[2].body.latency_ms": { $lte: 5000 },
    },
  },
  {
    id: "sq-beta-eta-question",
    description: "Beta asks when its bearings will arrive.",
    derivation:
      "20 x SKU-7210 from Detroit by FedEx: ETA 2024-06-17 + 3 = 2024-06-20. Question -> Haiku; the answer to 'when' states that date.",
    steps: [
      portal(TOKEN.beta, body(po(100203), "CUST-002", [line("SKU-7210", 20)], { order_date: "2024-06-17" })),
      statusQuery(po(100203), TOKEN.beta, "When will my bearings arrive?"),
    ],
    expect: {
      "steps[1].status": 200,
      "steps[1].body.eta": "2024-06-20",
      "steps[1].body.answer": { $contains: "2024-06-20" },
      "steps[1].body.carrier": "FedEx",
      "steps[1].body.model": HAIKU,
      "steps[1].body.latency_ms": { $lte: 5000 },
    },
  },
  {
    id: "sq-ops-asks-about-consolidated",
    description: "Operations asks about a Consolidated order: ops sees every order.",
    derivation:
      "4 x SKU-7211 for Consolidated (list $78): Detroit, FedEx, ETA 2024-07-29 + 3 = 2024-08-01. The ops token may read any order.",
    steps: [
      portal(TOKEN.consolidated, body(po(100204), "CUST-003", [line("SKU-7211", 4)], { order_date: "2024-07-29" })),
      statusQuery(po(100204), TOKEN.ops),
    ],
    expect: {
      "steps[1].status": 200,
      "steps[1].body.status": "confirmed",
      "steps[1].body.eta": "2024-08-01",
      "steps[1].body.po_number": po(100204),
    },
  },
  {
    id: "sq-other-customer-is-404",
    description: "Beta asks about Acme's order: answered 404, never the order.",
    derivation: "A customer sees only its own orders; another customer's order is 404 (DESIGN §4).",
    steps: [
      portal(TOKEN.acme, body(po(100205), "CUST-001", [line("SKU-9010", 2)], { order_date: "2024-08-05" })),
      statusQuery(po(100205), TOKEN.beta, "Where is this order?"),
    ],
    expect: { "steps[1].status": 404, "steps[1].body.po_number": { $absent: true }, "order.status": "confirmed" },
  },
  {
    id: "sq-unknown-po-is-404",
    description: "A status query for a PO nobody placed.",
    derivation: "No order PO-2025-100299 exists: 404.",
    steps: [statusQuery(po(100299), TOKEN.ops)],
    expect: { "steps[0].status": 404 },
  },
  {
    id: "sq-seed-shipped-acme",
    description: "Acme asks about seed order PO-2024-11234, shipped by UPS.",
    derivation: "Seed: shipped, UPS, tracking 1Z999AA10123456784. No question: no model call.",
    steps: [statusQuery("PO-2024-11234", TOKEN.acme)],
    expect: {
      "steps[0].status": 200,
      "steps[0].body.status": "shipped",
      "steps[0].body.carrier": "UPS",
      "steps[0].body.tracking": "1Z999AA10123456784",
      "steps[0].body.model": null,
    },
  },
  {
    id: "sq-seed-delivered-beta-question",
    description: "Beta asks whether seed order PO-2024-10980 was delivered.",
    derivation: "Seed: delivered, FedEx 794644790132. Question -> Haiku.",
    steps: [statusQuery("PO-2024-10980", TOKEN.beta, "Was this order delivered?")],
    expect: {
      "steps[0].status": 200,
      "steps[0].body.status": "delivered",
      "steps[0].body.carrier": "FedEx",
      "steps[0].body.tracking": "794644790132",
      "steps[0].body.model": HAIKU,
    },
  },
  {
    id: "sq-backordered-order",
    description: "Consolidated asks about an order waiting whole for pump motors.",
    derivation:
      "7 x SKU-3300 for Consolidated (no partial): backordered, no shipment, so no carrier or tracking; ETA = restock 2024-12-02 + 1 + 2 = 2024-12-05.",
    steps: [
      portal(TOKEN.consolidated, body(po(100209), "CUST-003", [line("SKU-3300", 7)], { order_date: "2024-11-18" })),
      statusQuery(po(100209), TOKEN.consolidated),
    ],
    expect: {
      "steps[1].status": 200,
      "steps[1].body.status": "backordered",
      "steps[1].body.carrier": null,
      "steps[1].body.tracking": null,
      "steps[1].body.eta": "2024-12-05",
    },
  },
  {
    id: "sq-partially-shipped-split",
    description: "Beta asks about a split order whose Detroit shipment has left.",
    derivation:
      "10 x SKU-7211 (Detroit) + 2 x SKU-9010 (Chicago): split, Detroit first. Dispatching S1 by FedEx as " +
      "7949EVQ1000010: partially-shipped; the answer follows the shipment that moved.",
    steps: [
      portal(
        TOKEN.beta,
        body(po(100210), "CUST-002", [line("SKU-7211", 10), line("SKU-9010", 2)], { order_date: "2024-08-26" }),
      ),
      dispatch(po(100210), "2024-08-27", "FedEx", "7949EVQ1000010"),
      statusQuery(po(100210), TOKEN.beta, "Has anything shipped yet?"),
    ],
    expect: {
      "steps[2].status": 200,
      "steps[2].body.status": "partially-shipped",
      "steps[2].body.carrier": "FedEx",
      "steps[2].body.tracking": "7949EVQ1000010",
      "steps[2].body.answer": { $contains: "7949EVQ1000010" },
    },
  },
  {
    id: "sq-delivered-order",
    description: "Acme asks about an order delivered yesterday.",
    derivation: "2 x SKU-9010, dispatched UPS 1ZEVQ1100011, carrier delivered: status delivered.",
    steps: [
      portal(TOKEN.acme, body(po(100211), "CUST-001", [line("SKU-9010", 2)], { order_date: "2024-09-09" })),
      dispatch(po(100211), "2024-09-10", "UPS", "1ZEVQ1100011"),
      carrier(po(100211), "delivered", "Detroit, MI", "2024-09-13T11:00:00Z"),
      statusQuery(po(100211), TOKEN.acme),
    ],
    expect: { "steps[3].status": 200, "steps[3].body.status": "delivered", "steps[3].body.tracking": "1ZEVQ1100011" },
  },
]);

export const STATUS_QUERIES = [...STATUS_QUERIES_ORDINARY, ...STATUS_QUERIES_EXCEPTIONAL];
