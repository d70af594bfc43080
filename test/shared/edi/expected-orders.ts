/** Hand-computed expectations for the fixtures whose every set is accepted. */
import { acceptedSet, ak9, line, RAW, STAR, type ExpectedInterchange } from "./edi-fixtures";

export const ACCEPTED_FIXTURES: readonly ExpectedInterchange[] = [
  {
    name: "acme-4010-multiline: 3 lines, PID descriptions, DTM*002, MSG + NTE, VP preferred over BP",
    raw: RAW.acmeMultiline,
    accepted: true,
    codes: [],
    control: "000000101",
    sender: "ACMEIND",
    version: "00401",
    delimiters: STAR,
    groups: [
      {
        control: "101",
        accepted: true,
        codes: [],
        ak9: ak9("A", 1, 1, 1),
        sets: [
          acceptedSet("0001", 19, {
            po_number: "PO-2024-20101",
            customer_id: "CUST-001",
            line_items: [
              line("SKU-4892", 60, 480, "Industrial Valve Assembly - 4 inch"),
              line("SKU-7210", 120, 58, "Stainless Steel Bearing - 2 inch"),
              line("SKU-3300", 4, 3200),
            ],
            order_date: "2024-09-15",
            requested_delivery_date: "2024-10-01",
            notes: "Deliver to dock 4 between 07:00 and 15:00\nPump motors must ship with test certificates",
          }),
        ],
      },
    ],
  },
  {
    name: "beta-5010-crlf: 005010, CRLF, ':' components, VP over IN and BP over IN",
    raw: RAW.betaCrlf,
    accepted: true,
    codes: [],
    control: "000000202",
    sender: "BETAIND",
    version: "00501",
    delimiters: { element: "*", component: ":", segment: "~" },
    groups: [
      {
        control: "202",
        accepted: true,
        codes: [],
        ak9: ak9("A", 1, 1, 1),
        sets: [
          acceptedSet("0001", 10, {
            po_number: "PO-2024-20202",
            customer_id: "CUST-002",
            line_items: [line("SKU-7210", 250, 58), line("SKU-7211", 80, 78, "Stainless Steel Bearing - 3 inch")],
            order_date: "2024-09-16",
            requested_delivery_date: "2024-09-30",
          }),
        ],
      },
    ],
  },
  {
    name: "consolidated-multi-po: three 850s in one group",
    raw: RAW.consolidatedMulti,
    accepted: true,
    codes: [],
    control: "000000303",
    sender: "CONSOLMFG",
    version: "00401",
    delimiters: STAR,
    groups: [
      {
        control: "303",
        accepted: true,
        codes: [],
        ak9: ak9("A", 3, 3, 3),
        sets: [
          acceptedSet("0001", 5, {
            po_number: "PO-2024-20301",
            customer_id: "CUST-003",
            line_items: [line("SKU-4892", 100, 480)],
            order_date: "2024-09-17",
          }),
          acceptedSet("0002", 8, {
            po_number: "PO-2024-20302",
            customer_id: "CUST-003",
            line_items: [line("SKU-9010", 12, 215, "Pressure Relief Valve - 600 PSI"), line("SKU-3300", 2, 3200)],
            order_date: "2024-09-17",
            requested_delivery_date: "2024-10-15",
          }),
          acceptedSet("0003", 7, {
            po_number: "PO-2024-20303",
            customer_id: "CUST-003",
            line_items: [line("SKU-7210", 300, 62.5), line("SKU-7211", 150)],
            order_date: "2024-09-16",
            notes: "Blanket release 3 of 6",
          }),
        ],
      },
    ],
  },
  {
    name: "acme-several-groups-5010: two functional groups, three 850s",
    raw: RAW.acmeSeveralGroups,
    accepted: true,
    codes: [],
    control: "000000401",
    sender: "ACMEIND",
    version: "00501",
    delimiters: STAR,
    groups: [
      {
        control: "401",
        accepted: true,
        codes: [],
        ak9: ak9("A", 2, 2, 2),
        sets: [
          acceptedSet("4001", 5, {
            po_number: "PO-2024-20401",
            customer_id: "CUST-001",
            line_items: [line("SKU-4892", 50, 480)],
            order_date: "2024-09-18",
          }),
          acceptedSet("4002", 6, {
            po_number: "PO-2024-20402",
            customer_id: "CUST-001",
            line_items: [line("SKU-4892", 40, 595), line("SKU-9010", 10, 215)],
            order_date: "2024-09-18",
          }),
        ],
      },
      {
        control: "402",
        accepted: true,
        codes: [],
        ak9: ak9("A", 1, 1, 1),
        sets: [
          acceptedSet("0001", 6, {
            po_number: "PO-2024-20403",
            customer_id: "CUST-001",
            line_items: [line("SKU-7211", 24, 78)],
            order_date: "2024-09-18",
            requested_delivery_date: "2024-10-02",
          }),
        ],
      },
    ],
  },
  {
    name: "beta-pipe-caret-newline: '|' elements, '^' components, newline segment terminator",
    raw: RAW.betaPipe,
    accepted: true,
    codes: [],
    control: "000000505",
    sender: "BETAIND",
    version: "00401",
    delimiters: { element: "|", component: "^", segment: "\n" },
    groups: [
      {
        control: "505",
        accepted: true,
        codes: [],
        ak9: ak9("A", 1, 1, 1),
        sets: [
          acceptedSet("0505", 8, {
            po_number: "PO-2024-20505",
            customer_id: "CUST-002",
            line_items: [line("SKU-7210", 200, 58, "Bearing 2 in ~ sealed * C3"), line("SKU-9010", 5, 215)],
            order_date: "2024-09-19",
          }),
        ],
      },
    ],
  },
  {
    name: "consolidated-no-line-breaks-5010: one line, no breaks at all",
    raw: RAW.consolidatedNoBreaks,
    accepted: true,
    codes: [],
    control: "000000606",
    sender: "CONSOLMFG",
    version: "00501",
    delimiters: STAR,
    groups: [
      {
        control: "606",
        accepted: true,
        codes: [],
        ak9: ak9("A", 1, 1, 1),
        sets: [
          acceptedSet("0001", 8, {
            po_number: "PO-2024-20606",
            customer_id: "CUST-003",
            line_items: [line("SKU-4892", 150, 480), line("SKU-7210", 100, 62.5), line("SKU-3300", 1, 3200)],
            order_date: "2024-09-20",
          }),
        ],
      },
    ],
  },
  {
    name: "acme-bang-terminator: '^' elements, '\\' components, '!' terminator, CRLF, blank lines, leading spaces",
    raw: RAW.acmeBang,
    accepted: true,
    codes: [],
    control: "000000707",
    sender: "ACMEIND",
    version: "00401",
    delimiters: { element: "^", component: "\\", segment: "!" },
    groups: [
      {
        control: "707",
        accepted: true,
        codes: [],
        ak9: ak9("A", 1, 1, 1),
        sets: [
          acceptedSet("0707", 7, {
            po_number: "PO-2024-20707",
            customer_id: "CUST-001",
            line_items: [line("SKU-4892", 30, 480)],
            order_date: "2024-09-21",
            requested_delivery_date: "2024-10-04",
            notes: "Rush: replacement for damaged units on PO-2024-11234",
          }),
        ],
      },
    ],
  },
  {
    name: "beta-n1-buyer-via-van: unknown ISA06, the N1*BY id names the customer",
    raw: RAW.betaN1Buyer,
    accepted: true,
    codes: [],
    control: "000000808",
    sender: "VANHUB01",
    version: "00401",
    delimiters: STAR,
    groups: [
      {
        control: "808",
        accepted: true,
        codes: [],
        ak9: ak9("A", 1, 1, 1),
        sets: [
          acceptedSet("0808", 9, {
            po_number: "PO-2024-20808",
            customer_id: "CUST-002",
            line_items: [line("SKU-7210", 100, 58)],
            order_date: "2024-09-22",
          }),
        ],
      },
    ],
  },
  {
    name: "unknown-partner: neither ISA06 nor an N1*BY is a trading partner, so no customer_id",
    raw: RAW.unknownPartner,
    accepted: true,
    codes: [],
    control: "000000909",
    sender: "NEWCOSUPPLY",
    version: "00401",
    delimiters: STAR,
    groups: [
      {
        control: "909",
        accepted: true,
        codes: [],
        ak9: ak9("A", 1, 1, 1),
        sets: [
          acceptedSet("0909", 6, {
            po_number: "PO-2024-20909",
            line_items: [line("SKU-7210", 10, 62.5)],
            order_date: "2024-09-23",
          }),
        ],
      },
    ],
  },
];
