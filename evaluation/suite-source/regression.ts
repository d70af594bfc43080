/**
 * 5 regression cases pinning the 10 seed orders (src/seed/data/orders.json) as the system must keep
 * showing them: status, customer, totals, prices as ordered, contract prices for the ordered
 * quantities, carriers, tracking numbers and the exceptions the seed names. They only read:
 * no case in the suite changes a seed order, so they hold in any order and any run.
 */
import { cases, statusQuery, TOKEN } from "./helpers";

export const REGRESSION = cases("regression", [
  {
    id: "reg-seed-11234-shipped-at-495",
    description: "PO-2024-11234: Acme, 50 valves at $495 (contract tier $480), shipped by UPS.",
    derivation:
      "orders.json: shipped, total 24,750 = 50 x 495, UPS 1Z999AA10123456784, Net 45. Acme's 50+ tier is $480, so contract_price 480.",
    steps: [statusQuery("PO-2024-11234", TOKEN.acme)],
    expect: {
      "steps[0].body.status": "shipped",
      "order.status": "shipped",
      "order.customer": "Acme Industrial",
      "order.total": { $approx: 24750 },
      "order.lines[0].unit_price": 495,
      "order.lines[0].contract_price": 480,
      "order.lines[0].qty_shipped": 50,
      "order.shipments[0].carrier": "UPS",
      "order.shipments[0].tracking": "1Z999AA10123456784",
      "order.payment_terms": "Net 45",
    },
  },
  {
    id: "reg-seed-11602-backordered",
    description: "PO-2024-11602: Consolidated, valves backordered until 2024-11-15, relief valves under contract.",
    derivation:
      "orders.json: backordered, total 88,125 = 150 x 480 + 75 x 215; 'SKU-4892 backordered - supplier ETA " +
      "2024-11-15'. Contract prices: 4892 x 150 -> 100+ tier $480; 9010 -> $215.",
    steps: [statusQuery("PO-2024-11602", TOKEN.consolidated)],
    expect: {
      "order.status": "backordered",
      "order.total": { $approx: 88125 },
      "order.backorders[0].sku": "SKU-4892",
      "order.backorders[0].supplier_eta": "2024-11-15",
      "order.exceptions[0].type": "backorder",
      "order.lines[0].contract_price": 480,
      "order.lines[1].contract_price": 215,
      "order.payment_terms": "Net 60",
    },
  },
  {
    id: "reg-seed-11455-quality-hold",
    description: "PO-2024-11455: Acme's pump motors on quality hold for lot 2024-10-08-A.",
    derivation:
      "orders.json: quality-hold, 5 x SKU-3300 at $3,200 = 16,000, 'QC hold - vibration test failure on lot 2024-10-08-A'.",
    steps: [statusQuery("PO-2024-11455", TOKEN.acme)],
    expect: {
      "steps[0].body.status": "quality-hold",
      "order.status": "quality-hold",
      "order.total": { $approx: 16000 },
      "order.exceptions[0].type": "quality_hold",
      "order.exceptions[0].details.lot": "2024-10-08-A",
      "order.exceptions[0].details.sku": "SKU-3300",
    },
  },
  {
    id: "reg-seed-12180-carrier-delay",
    description: "PO-2024-12180: Consolidated's relief valves held by weather at UPS Memphis since 2024-11-15.",
    derivation:
      "orders.json: exception, 40 x SKU-9010 at $215 = 8,600, UPS 1Z999AA10211223344 shipped 2024-11-14, " +
      "'Carrier delay - Memphis hub weather hold since 2024-11-15'.",
    steps: [statusQuery("PO-2024-12180", TOKEN.consolidated)],
    expect: {
      "order.status": "exception",
      "order.total": { $approx: 8600 },
      "order.exceptions[0].type": "carrier_delay",
      "order.shipments[0].tracking": "1Z999AA10211223344",
      "order.shipments[0].carrier": "UPS",
      "order.lines[0].qty_shipped": 40,
    },
  },
  {
    id: "reg-seed-statuses-and-totals",
    description: "The other six seed orders keep their statuses, totals and carriers.",
    derivation:
      "orders.json: 10980 delivered 29,000 (FedEx 794644790132); 11301 in-production 20,300; 11710 " +
      "confirmed 13,900; 11825 in-production 38,250; 11900 shipped 11,700 (UPS 1Z999AA10198765432); 12015 " +
      "delivered 28,800 (FedEx 794644790299).",
    steps: [statusQuery("PO-2024-10980", TOKEN.ops)],
    expect: {
      "orders.PO-2024-10980.status": "delivered",
      "orders.PO-2024-10980.total": { $approx: 29000 },
      "orders.PO-2024-10980.shipments[0].tracking": "794644790132",
      "orders.PO-2024-11301.status": "in-production",
      "orders.PO-2024-11301.total": { $approx: 20300 },
      "orders.PO-2024-11710.status": "confirmed",
      "orders.PO-2024-11710.total": { $approx: 13900 },
      "orders.PO-2024-11825.status": "in-production",
      "orders.PO-2024-11825.total": { $approx: 38250 },
      "orders.PO-2024-11900.status": "shipped",
      "orders.PO-2024-11900.shipments[0].tracking": "1Z999AA10198765432",
      "orders.PO-2024-12015.status": "delivered",
      "orders.PO-2024-12015.shipments[0].carrier": "FedEx",
    },
  },
]);
