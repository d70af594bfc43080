/**
 * 10 carrier delays (DESIGN §6): `notify` when the new ETA still meets the SLA (order date +
 * the contract's delivery window), else `notify_with_discount` with the discount of the same
 * customer's most similar positive-satisfaction precedent that gave one, else 5%; never
 * escalated. OR-001 (UPS, Memphis, March) fires for such delays and makes the notice due within
 * 2 hours of detection; otherwise the contract's response time applies (Acme 4 h, Beta 8 h,
 * Consolidated 12 h). Episodes: Acme OE-2024-04521 (UPS/Memphis/March, notify_with_discount 5%,
 * positive) and OE-2024-04533 (notify, 0%, positive); Beta OE-2024-04601 (notify, 0%, positive).
 * A resolution never rests on another customer's episode.
 *
 * Delay dates for Acme and Beta stay within 180 days of March 2024, so the seed episodes are
 * inside retention under any reading of their dates. No case here gives an Acme or Beta carrier
 * delay a positive CSAT, so the seed episodes stay their only positive precedents in every run.
 */
import { body, carrier, cases, csat, dispatch, line, po, portal, remembering, TOKEN } from "./helpers";

export const CARRIER_DELAYS = cases("exception_carrier_delay", [
  {
    id: "cd-acme-memphis-march-breaks-sla",
    description: "The brief's scenario: Acme's UPS shipment held by weather at Memphis in March past the SLA date.",
    derivation:
      "Ordered 2024-03-04, Acme window 14 days: due by 2024-03-18. Carrier estimate 2024-03-20 breaks it " +
      "-> notify_with_discount. Acme's positive precedent that gave a discount is OE-2024-04521 (5%): " +
      "discount 5, cited. UPS + Memphis + March matches OR-001: cited, notice due 2024-03-06T07:00Z + 2 h. " +
      "Not escalated; the order returns to shipped.",
    steps: [
      portal(TOKEN.acme, body(po(100301), "CUST-001", [line("SKU-9010", 2)], { order_date: "2024-03-04" })),
      dispatch(po(100301), "2024-03-05", "UPS", "1ZEVC0100001"),
      carrier(po(100301), "weather_delay", "Memphis, TN", "2024-03-06T07:00:00Z", "2024-03-20"),
    ],
    expect: {
      "steps[2].status": 202,
      "order.exceptions[0].type": "carrier_delay",
      "order.exceptions[0].status": "resolved",
      "order.resolutions[0].resolution_type": "notify_with_discount",
      "order.resolutions[0].discount_pct": 5,
      "order.resolutions[0].escalated": false,
      "order.resolutions[0].precedent_episode_ids": { $contains: "OE-2024-04521" },
      "order.resolutions[0].rule_ids": { $contains: "OR-001" },
      "order.notifications[2].due_by": "2024-03-06T09:00:00.000Z",
      "order.status": "shipped",
      "order.shipments[0].eta": "2024-03-20",
    },
  },
  {
    id: "cd-acme-memphis-march-meets-sla",
    description: "Acme's UPS shipment delayed at Memphis in March, new ETA still inside the window.",
    derivation:
      "Ordered 2024-03-11: due by 2024-03-25. New ETA 2024-03-19 meets it -> notify, no discount. OR-001 " +
      "applies (UPS/Memphis/March): notice due 2024-03-13T10:00Z + 2 h.",
    steps: [
      portal(TOKEN.acme, body(po(100302), "CUST-001", [line("SKU-9010", 2)], { order_date: "2024-03-11" })),
      dispatch(po(100302), "2024-03-12", "UPS", "1ZEVC0200002"),
      carrier(po(100302), "delay", "Memphis, TN", "2024-03-13T10:00:00Z", "2024-03-19"),
    ],
    expect: {
      "order.resolutions[0].resolution_type": "notify",
      "order.resolutions[0].escalated": false,
      "order.resolutions[0].discount_pct": { $absent: true },
      "order.resolutions[0].rule_ids": { $contains: "OR-001" },
      "order.notifications[2].due_by": "2024-03-13T12:00:00.000Z",
      "order.status": "shipped",
    },
  },
  {
    id: "cd-beta-memphis-march-breaks-sla-isolation",
    description:
      "Beta's bearings, handed to UPS, held at Memphis in March past its SLA: Acme's episodes must not be used.",
    derivation:
      "Ordered 2024-03-18, Beta window 21: due by 2024-04-08. New ETA 2024-04-12 breaks it -> " +
      "notify_with_discount. Beta's only positive carrier-delay precedent (OE-2024-04601) gave no " +
      "discount: 5%. Acme's OE-2024-04521/04533 may never be cited. OR-001 fires (the carrier on the event " +
      "is UPS).",
    steps: [
      portal(TOKEN.beta, body(po(100303), "CUST-002", [line("SKU-7211", 15)], { order_date: "2024-03-18" })),
      dispatch(po(100303), "2024-03-19", "UPS", "1ZEVC0300003"),
      carrier(po(100303), "weather_delay", "Memphis, TN", "2024-03-21T05:30:00Z", "2024-04-12"),
    ],
    expect: {
      "order.resolutions[0].resolution_type": "notify_with_discount",
      "order.resolutions[0].discount_pct": 5,
      "order.resolutions[0].precedent_episode_ids": { $notContains: "OE-2024-04521" },
      "order.resolutions[0].rule_ids": { $contains: "OR-001" },
      "order.resolutions[0].escalated": false,
      "order.notifications[2].due_by": "2024-03-21T07:30:00.000Z",
    },
  },
  {
    id: "cd-acme-memphis-precedent-past-retention",
    description:
      "Acme weather delay at Memphis in October 2025, past the SLA: the March 2024 precedents are older than 180 days and may not be recalled.",
    derivation:
      "Ordered 2025-10-06, due by 2025-10-20; estimate 2025-10-24 breaks it -> notify_with_discount. " +
      "OE-2024-04521 / 04533 are March 2024 episodes (ids and month 3), more than 180 days before " +
      "2025-10-08: not recalled (DESIGN §6 retention; business dates run from the documents). No " +
      "recallable precedent gave a discount -> the default 5%, citing neither. October: OR-001 (March) " +
      "does not apply; notice due 2025-10-08T06:00Z + Acme's 4 h.",
    steps: [
      portal(TOKEN.acme, body(po(100304), "CUST-001", [line("SKU-7210", 2)], { order_date: "2025-10-06" })),
      dispatch(po(100304), "2025-10-07", "UPS", "1ZEVC0400004"),
      carrier(po(100304), "weather_delay", "Memphis, TN", "2025-10-08T06:00:00Z", "2025-10-24"),
    ],
    expect: {
      "order.resolutions[0].resolution_type": "notify_with_discount",
      "order.resolutions[0].discount_pct": 5,
      "order.resolutions[0].escalated": false,
      "order.resolutions[0].precedent_episode_ids": { $notContains: "OE-2024-04521" },
      "order.resolutions[0].rule_ids": { $notContains: "OR-001" },
      "order.notifications[2].due_by": "2025-10-08T10:00:00.000Z",
    },
  },
  {
    id: "cd-consolidated-dhl-cincinnati-breaks-sla",
    description: "Consolidated's shipment handed to DHL, weather-held at Cincinnati past the 28-day window.",
    derivation:
      "Ordered 2024-08-05: due by 2024-09-02. New ETA 2024-09-06 breaks it -> notify_with_discount. Every " +
      "discount a Consolidated precedent can carry in this suite is the default 5%: discount 5. No rule " +
      "(DHL/Cincinnati); notice due 2024-08-07T09:00Z + 12 h.",
    steps: [
      portal(TOKEN.consolidated, body(po(100305), "CUST-003", [line("SKU-9010", 3)], { order_date: "2024-08-05" })),
      dispatch(po(100305), "2024-08-06", "DHL", "DHLEVC0500005"),
      carrier(po(100305), "weather_delay", "Cincinnati, OH", "2024-08-07T09:00:00Z", "2024-09-06"),
    ],
    expect: {
      "order.resolutions[0].resolution_type": "notify_with_discount",
      "order.resolutions[0].discount_pct": 5,
      "order.resolutions[0].escalated": false,
      "order.resolutions[0].rule_ids": { $notContains: "OR-001" },
      "order.notifications[2].due_by": "2024-08-07T21:00:00.000Z",
      "order.shipments[0].carrier": "DHL",
    },
  },
  {
    id: "cd-acme-eta-slip",
    description: "No delay status, but the carrier's estimate slips past the planned ETA: still a carrier delay.",
    derivation:
      "Planned ETA 2024-04-08 + 4 = 2024-04-12. An in_transit event with estimate 2024-04-15 is an ETA " +
      "slip -> carrier_delay. Due by 2024-04-22: notify. April: OR-001 does not apply.",
    steps: [
      portal(TOKEN.acme, body(po(100306), "CUST-001", [line("SKU-9010", 3)], { order_date: "2024-04-08" })),
      dispatch(po(100306), "2024-04-09", "UPS", "1ZEVC0600006"),
      carrier(po(100306), "in_transit", "Louisville, KY", "2024-04-10T12:00:00Z", "2024-04-15"),
    ],
    expect: {
      "order.exceptions[0].type": "carrier_delay",
      "order.resolutions[0].resolution_type": "notify",
      "order.resolutions[0].rule_ids": { $notContains: "OR-001" },
      "order.shipments[0].eta": "2024-04-15",
      "order.status": "shipped",
    },
  },
  {
    id: "cd-beta-fedex-delay-without-estimate",
    description: "FedEx reports a delay at Indianapolis without a new estimate: the known ETA still meets the SLA.",
    derivation:
      "Planned ETA 2024-09-02 + 3 = 2024-09-05 (FedEx from Detroit). No estimated_delivery: the ETA " +
      "stands, inside 2024-09-23 -> notify, not escalated. Notice due 2024-09-04T08:00Z + 8 h.",
    steps: [
      portal(TOKEN.beta, body(po(100307), "CUST-002", [line("SKU-7211", 12)], { order_date: "2024-09-02" })),
      dispatch(po(100307), "2024-09-03", "FedEx", "7949EVC0700007"),
      carrier(po(100307), "delay", "Indianapolis, IN", "2024-09-04T08:00:00Z"),
    ],
    expect: {
      "order.exceptions[0].type": "carrier_delay",
      "order.resolutions[0].resolution_type": "notify",
      "order.resolutions[0].escalated": false,
      "order.notifications[2].due_by": "2024-09-04T16:00:00.000Z",
    },
  },
  {
    id: "cd-acme-two-delays-second-breaks-sla",
    description:
      "Two delays on one Acme shipment: the first still on time (March, OR-001), the second in April past the SLA.",
    derivation:
      "Ordered 2024-03-25: due by 2024-04-08. Delay 1 (2024-03-27, Memphis, estimate 2024-04-02): notify, " +
      "OR-001. Delay 2 (2024-04-01, Memphis, estimate 2024-04-10): breaks the SLA -> notify_with_discount " +
      "5% after OE-2024-04521; April is outside OR-001.",
    steps: [
      portal(TOKEN.acme, body(po(100308), "CUST-001", [line("SKU-9010", 2)], { order_date: "2024-03-25" })),
      dispatch(po(100308), "2024-03-26", "UPS", "1ZEVC0800008"),
      carrier(po(100308), "weather_delay", "Memphis, TN", "2024-03-27T08:00:00Z", "2024-04-02"),
      carrier(po(100308), "delay", "Memphis, TN", "2024-04-01T08:00:00Z", "2024-04-10"),
    ],
    expect: {
      "order.resolutions[0].resolution_type": "notify",
      "order.resolutions[0].rule_ids": { $contains: "OR-001" },
      "order.resolutions[1].resolution_type": "notify_with_discount",
      "order.resolutions[1].discount_pct": 5,
      "order.resolutions[1].precedent_episode_ids": { $contains: "OE-2024-04521" },
      "order.resolutions[1].rule_ids": { $notContains: "OR-001" },
      "order.exceptions[1].status": "resolved",
      "order.status": "shipped",
    },
  },
  {
    id: "cd-consolidated-follows-own-precedent",
    scoped_hubs: ["Columbus"],
    description:
      "Consolidated gives positive feedback on a discounted delay; its next similar delay follows that episode.",
    derivation:
      "Order A 2024-05-06 (due 2024-06-03): UPS delay at Columbus, estimate 2024-06-07 -> " +
      "notify_with_discount 5% (no prior precedent needed: default 5%). CSAT positive on A's exception " +
      "completes the episode. Order B 2024-05-13 (due 2024-06-10): same carrier, hub and month, estimate " +
      "2024-06-14 -> notify_with_discount citing A's episode (EP- + A's first exception id), 5%, no " +
      "escalation. Columbus is scoped per run: no other trial's episode shares carrier, hub and month.",
    steps: [
      portal(TOKEN.consolidated, body(po(100309), "CUST-003", [line("SKU-9010", 3)], { order_date: "2024-05-06" })),
      dispatch(po(100309), "2024-05-07", "UPS", "1ZEVC0900009"),
      carrier(po(100309), "delay", "Columbus, OH", "2024-05-08T09:00:00Z", "2024-06-07"),
      remembering(csat(po(100309), 0, "positive", TOKEN.consolidated), "episode"),
      portal(TOKEN.consolidated, body(po(100349), "CUST-003", [line("SKU-9010", 3)], { order_date: "2024-05-13" })),
      dispatch(po(100349), "2024-05-14", "UPS", "1ZEVC4900049"),
      carrier(po(100349), "delay", "Columbus, OH", "2024-05-15T09:00:00Z", "2024-06-14"),
    ],
    expect: {
      "order.resolutions[0].resolution_type": "notify_with_discount",
      "steps[3].status": { $in: [200, 201, 202] },
      [`orders.${po(100349)}.resolutions[0].resolution_type`]: "notify_with_discount",
      [`orders.${po(100349)}.resolutions[0].discount_pct`]: 5,
      [`orders.${po(100349)}.resolutions[0].precedent_episode_ids`]: [`EP-CUST-003-${po(100309)}-EX1`],
      [`orders.${po(100349)}.resolutions[0].escalated`]: false,
    },
  },
  {
    id: "cd-consolidated-rule-promoted-from-three-episodes",
    scoped_hubs: ["Columbus"],
    description:
      "Three Consolidated FedEx delays at Columbus in February, each rated positive, teach a rule that the fourth cites.",
    derivation:
      "Orders of 2 x SKU-7210 (list $62.50) dated 2024-02-05/06/07, each dispatched by FedEx and delayed " +
      "at Columbus, OH in February with an estimate inside the 28-day window -> notify, stored as episodes " +
      "(carrier_delay, FedEx, Columbus, month 2) with the same lesson; CSAT positive on each. Three such " +
      "episodes with positive satisfaction promote a procedural rule (confidence 3/3). The fourth delay " +
      "(order 2024-02-12, Columbus, February) matches it: its resolution cites a rule; still notify, not " +
      "escalated. Columbus is scoped per run, so the rule can only be this trial's.",
    steps: [
      portal(TOKEN.consolidated, body(po(100310), "CUST-003", [line("SKU-7210", 2)], { order_date: "2024-02-05" })),
      dispatch(po(100310), "2024-02-06", "FedEx", "7949EVC100310"),
      carrier(po(100310), "delay", "Columbus, OH", "2024-02-07T09:00:00Z", "2024-02-10"),
      remembering(csat(po(100310), 0, "positive", TOKEN.consolidated), "episode"),
      portal(TOKEN.consolidated, body(po(100350), "CUST-003", [line("SKU-7210", 2)], { order_date: "2024-02-06" })),
      dispatch(po(100350), "2024-02-07", "FedEx", "7949EVC100350"),
      carrier(po(100350), "delay", "Columbus, OH", "2024-02-08T09:00:00Z", "2024-02-11"),
      remembering(csat(po(100350), 0, "positive", TOKEN.consolidated), "episode"),
      portal(TOKEN.consolidated, body(po(100351), "CUST-003", [line("SKU-7210", 2)], { order_date: "2024-02-07" })),
      dispatch(po(100351), "2024-02-08", "FedEx", "7949EVC100351"),
      carrier(po(100351), "delay", "Columbus, OH", "2024-02-09T09:00:00Z", "2024-02-12"),
      remembering(csat(po(100351), 0, "positive", TOKEN.consolidated), "rule"),
      portal(TOKEN.consolidated, body(po(100352), "CUST-003", [line("SKU-7210", 2)], { order_date: "2024-02-12" })),
      dispatch(po(100352), "2024-02-13", "FedEx", "7949EVC100352"),
      carrier(po(100352), "delay", "Columbus, OH", "2024-02-14T09:00:00Z", "2024-02-17"),
    ],
    expect: {
      "order.resolutions[0].resolution_type": "notify",
      "steps[3].status": { $in: [200, 201, 202] },
      "steps[11].status": { $in: [200, 201, 202] },
      [`orders.${po(100352)}.resolutions[0].resolution_type`]: "notify",
      [`orders.${po(100352)}.resolutions[0].escalated`]: false,
      [`orders.${po(100352)}.resolutions[0].rule_ids[0]`]: { $absent: false },
      [`orders.${po(100352)}.resolutions[0].rule_ids`]: { $notContains: "OR-001" },
    },
  },
]);
