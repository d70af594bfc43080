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
import type { Case } from "../suite-schema";
import { STANDARD_CHANNELS } from "./standard-channels";
import { STANDARD_FULFILMENT } from "./standard-fulfilment";
import { STANDARD_LIFECYCLE } from "./standard-lifecycle";
import { STANDARD_TIERS } from "./standard-tiers";

export const STANDARD_FLOWS: Case[] = [
  ...STANDARD_TIERS,
  ...STANDARD_CHANNELS,
  ...STANDARD_FULFILMENT,
  ...STANDARD_LIFECYCLE,
];
