/**
 * 10 pricing discrepancies (DESIGN §6): a PO or invoice price above the contract price is a
 * `credit_memo` for sum((charged - contract) x qty), escalated only when the credit exceeds
 * $5,000; a price below contract is an `invoice_adjustment`, always escalated. Invoice lines are
 * compared with the order line's contract price (the tier of the ordered quantity).
 * Orders on SKU-4892 / SKU-3300 may also show a backorder (shared stock); detection order puts the
 * pricing exception first, so `resolutions[0]` is still the pricing one.
 */
import { body, cases, decide, edi, erp, line, OPUS, po, portal, TOKEN } from "./helpers";

const invoice = (poNumber: string, at: string, id: string, lines: { sku: string; qty: number; unit_price: number }[]) =>
  erp("invoice.issued", poNumber, at, { invoice_id: id, lines });

export const PRICING = cases("exception_pricing", [
  {
    id: "pr-acme-po-over-contract-credit",
    description: "The seed's discrepancy replayed: Acme PO for 50 valves at $495 against the $480 tier.",
    derivation:
      "50+ tier $480; buyer $495: price_mismatch, overcharge -> credit_memo 50 x (495 - 480) = 750, under " +
      "$5,000: not escalated. The order is charged at contract: total 50 x 480 = 24,000.",
    steps: [
      portal(TOKEN.acme, body(po(100401), "CUST-001", [line("SKU-4892", 50, 495)], { order_date: "2024-09-15" })),
    ],
    expect: {
      "order.flags": { $contains: "price_mismatch" },
      "order.total": { $approx: 24000 },
      "order.exceptions[0].type": "pricing_discrepancy",
      "order.resolutions[0].resolution_type": "credit_memo",
      "order.resolutions[0].amount": { $approx: 750 },
      "order.resolutions[0].escalated": false,
    },
  },
  {
    id: "pr-beta-po-wrong-tier-credit",
    description: "Beta pays the 1-99 price for 100 bearings: the 100+ tier applies, a credit is due.",
    derivation:
      "qty 100 -> $58 tier; buyer $62.50: credit 100 x 4.50 = 450, not escalated; no escalation opened; order confirmed at 5,800.",
    steps: [
      portal(TOKEN.beta, body(po(100402), "CUST-002", [line("SKU-7210", 100, 62.5)], { order_date: "2024-10-02" })),
    ],
    expect: {
      "order.resolutions[0].resolution_type": "credit_memo",
      "order.resolutions[0].amount": { $approx: 450 },
      "order.resolutions[0].escalated": false,
      "order.exceptions[0].status": "resolved",
      "order.escalations": [],
      "order.total": { $approx: 5800 },
      "order.status": "confirmed",
    },
  },
  {
    id: "pr-consolidated-po-credit-over-5000-escalated",
    escalates: true,
    description: "Consolidated PO price so far above contract that the credit exceeds $5,000: a human decides.",
    derivation:
      "100 x SKU-4892 -> Consolidated 100+ tier $480; buyer $540: credit 100 x 60 = 6,000 > 5,000 -> " +
      "escalated; the exception is escalated and an escalation is open.",
    steps: [
      portal(
        TOKEN.consolidated,
        body(po(100403), "CUST-003", [line("SKU-4892", 100, 540)], { order_date: "2024-10-21" }),
      ),
    ],
    expect: {
      "order.resolutions[0].resolution_type": "credit_memo",
      "order.resolutions[0].amount": { $approx: 6000 },
      "order.resolutions[0].escalated": true,
      "order.exceptions[0].status": "escalated",
      "order.escalations[0].status": "open",
      "order.total": { $approx: 48000 },
    },
  },
  {
    id: "pr-beta-po-under-contract-adjustment",
    escalates: true,
    description: "Beta's PO price is below its contract price: an invoice adjustment, always escalated.",
    derivation:
      "50 x SKU-7210 -> the [1, 99] tier $62.50; buyer $60: 50 x 2.50 = 125 under -> invoice_adjustment 125, escalated; total at contract 3,125.",
    steps: [portal(TOKEN.beta, body(po(100404), "CUST-002", [line("SKU-7210", 50, 60)], { order_date: "2024-11-04" }))],
    expect: {
      "order.total": { $approx: 3125 },
      "order.resolutions[0].resolution_type": "invoice_adjustment",
      "order.resolutions[0].amount": { $approx: 125 },
      "order.resolutions[0].escalated": true,
      "order.escalations[0].exception_id": { $absent: false },
    },
  },
  {
    id: "pr-beta-invoice-over-contract",
    description: "The ERP invoices Beta above contract after a clean order: a credit memo.",
    derivation:
      "Order 20 x SKU-7211 at contract $78 (no discrepancy at intake). Invoice 20 at $80: credit 20 x 2 = 40, not escalated; the exception is the invoice's.",
    steps: [
      portal(TOKEN.beta, body(po(100405), "CUST-002", [line("SKU-7211", 20)], { order_date: "2024-10-07" })),
      invoice(po(100405), "2024-10-14T10:00:00Z", "INV-EV-100405", [{ sku: "SKU-7211", qty: 20, unit_price: 80 }]),
    ],
    expect: {
      "steps[1].status": 202,
      "order.exceptions[0].type": "pricing_discrepancy",
      "order.resolutions[0].resolution_type": "credit_memo",
      "order.resolutions[0].amount": { $approx: 40 },
      "order.resolutions[0].escalated": false,
    },
  },
  {
    id: "pr-beta-invoice-credit-exactly-5000",
    description: "A credit of exactly $5,000 is not above the limit: issued without a human.",
    derivation:
      "40 x SKU-7210 -> [1, 99] tier $62.50. Invoiced at $187.50: 40 x 125 = 5,000.00, not more than 5,000 -> not escalated.",
    steps: [
      portal(TOKEN.beta, body(po(100406), "CUST-002", [line("SKU-7210", 40)], { order_date: "2024-08-19" })),
      invoice(po(100406), "2024-08-26T10:00:00Z", "INV-EV-100406", [{ sku: "SKU-7210", qty: 40, unit_price: 187.5 }]),
    ],
    expect: {
      "order.resolutions[0].resolution_type": "credit_memo",
      "order.resolutions[0].amount": { $approx: 5000 },
      "order.resolutions[0].escalated": false,
      "order.escalations": [],
    },
  },
  {
    id: "pr-beta-invoice-credit-just-over-5000",
    escalates: true,
    description: "A credit of $5,001.20 exceeds the limit: escalated.",
    derivation:
      "40 x SKU-7210 at $62.50 contract; invoiced at $187.53: 40 x 125.03 = 5,001.20 > 5,000 -> credit_memo, escalated.",
    steps: [
      portal(TOKEN.beta, body(po(100407), "CUST-002", [line("SKU-7210", 40)], { order_date: "2024-08-20" })),
      invoice(po(100407), "2024-08-27T10:00:00Z", "INV-EV-100407", [{ sku: "SKU-7210", qty: 40, unit_price: 187.53 }]),
    ],
    expect: {
      "order.resolutions[0].resolution_type": "credit_memo",
      "order.resolutions[0].amount": { $approx: 5001.2 },
      "order.resolutions[0].escalated": true,
      "order.exceptions[0].status": "escalated",
    },
  },
  {
    id: "pr-consolidated-edi-po-over-contract",
    description: "Consolidated's EDI PO prices relief valves above contract.",
    derivation: "4 x SKU-9010, contract $215, PO104 $240: credit 4 x 25 = 100, not escalated; total at contract 860.",
    steps: [
      edi({
        sender: "CONSOLMFG",
        control: "000040801",
        sets: [{ po: po(100408), date: "20240923", lines: [{ qty: 4, price: 240, sku: "SKU-9010" }] }],
      }),
    ],
    expect: {
      "order.channel": "edi",
      "order.flags": { $contains: "price_mismatch" },
      "order.resolutions[0].resolution_type": "credit_memo",
      "order.resolutions[0].amount": { $approx: 100 },
      "order.resolutions[0].escalated": false,
      "order.total": { $approx: 860 },
    },
  },
  {
    id: "pr-acme-over-and-under-together",
    escalates: true,
    description: "One Acme PO overcharges one line and undercharges another: two discrepancies at once.",
    derivation:
      "SKU-4892 x 50 at $500 vs $480: credit_memo 50 x 20 = 1,000 (not escalated on its own). SKU-3300 x 1 " +
      "at $3,000 vs $3,200: invoice_adjustment 200, escalated. Two open at once are analysed together by " +
      "the complex tier (Opus); an escalation is open because a part is escalated. Total at contract: " +
      "24,000 + 3,200 = 27,200.",
    steps: [
      portal(
        TOKEN.acme,
        body(po(100409), "CUST-001", [line("SKU-4892", 50, 500), line("SKU-3300", 1, 3000)], {
          order_date: "2024-10-14",
        }),
      ),
    ],
    expect: {
      "order.total": { $approx: 27200 },
      "order.resolutions[0].resolution_type": "credit_memo",
      "order.resolutions[0].amount": { $approx: 1000 },
      "order.resolutions[1].resolution_type": "invoice_adjustment",
      "order.resolutions[1].amount": { $approx: 200 },
      "order.resolutions[1].escalated": true,
      "order.resolutions[1].model": OPUS,
      "order.escalations[0].status": "open",
    },
  },
  {
    id: "pr-beta-invoice-under-approved",
    escalates: true,
    description: "An invoice below Beta's contract is escalated; operations approves the adjustment.",
    derivation:
      "15 x SKU-7211 at contract $78; invoiced at $70: 15 x 8 = 120 under -> invoice_adjustment 120, escalated. Approval decides the escalation.",
    steps: [
      portal(TOKEN.beta, body(po(100410), "CUST-002", [line("SKU-7211", 15)], { order_date: "2024-11-11" })),
      invoice(po(100410), "2024-11-18T10:00:00Z", "INV-EV-100410", [{ sku: "SKU-7211", qty: 15, unit_price: 70 }]),
      decide(po(100410), "approve", { note: "adjust the invoice to contract" }),
    ],
    expect: {
      "order.resolutions[0].resolution_type": "invoice_adjustment",
      "order.resolutions[0].amount": { $approx: 120 },
      "order.resolutions[0].escalated": true,
      "steps[2].status": { $in: [200, 201, 202] },
      "order.escalations[0].status": "decided",
    },
  },
]);
