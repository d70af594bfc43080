import { carriersKind } from "./carriers-kind";
import { catalogKind } from "./catalog-kind";
import { contractsKind } from "./contracts-kind";
import { customersKind } from "./customers-kind";
import type { AdminKind, ImportKind } from "./import-kind";
import { inventoryKind } from "./inventory-kind";
import { rulesKind } from "./rules-kind";
import { tradingPartnersKind } from "./trading-partners-kind";

/**
 * Every import kind the admin API, the seed and the CLI serve, by name: a kind is served once it
 * has its line here.
 */
export const IMPORT_KINDS: Readonly<Record<AdminKind, ImportKind<unknown>>> = {
  catalog: catalogKind,
  customers: customersKind,
  contracts: contractsKind,
  inventory: inventoryKind,
  carriers: carriersKind,
  "trading-partners": tradingPartnersKind,
  rules: rulesKind,
};
