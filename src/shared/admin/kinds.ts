import { carriersKind } from "./carriers-kind";
import { catalogKind } from "./catalog-kind";
import { customersKind } from "./customers-kind";
import type { AdminKind, ImportKind } from "./import-kind";
import { inventoryKind } from "./inventory-kind";
import { rulesKind } from "./rules-kind";
import { tradingPartnersKind } from "./trading-partners-kind";

/**
 * Every import kind the admin API, the seed and the CLI serve, by name: a kind is served once it
 * has its line here. `contracts` joins with its own kind (`contracts-kind.ts`).
 */
export const IMPORT_KINDS: Readonly<Partial<Record<AdminKind, ImportKind<unknown>>>> = {
  catalog: catalogKind,
  customers: customersKind,
  inventory: inventoryKind,
  carriers: carriersKind,
  "trading-partners": tradingPartnersKind,
  rules: rulesKind,
};
