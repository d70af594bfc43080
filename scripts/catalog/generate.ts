/// <reference types="node" />
/**
 * `npm run catalog:generate`: writes the generated catalog, its stock, the contract passages and
 * the labelled retrieval query set, DEV-2, TEST-2 (now DEV pool), the held-out TEST-3 and the customer-context set.
 * Deterministic: a second run changes no byte, and a unit test holds the committed files to the generator's output.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { generateCatalog, generateStock, withSeedParts } from "../../src/shared/retrieval/catalog-generator";
import { buildContractPassages } from "../../src/shared/retrieval/contract-passages";
import { buildContextQuerySet } from "../../src/shared/retrieval/context-query-set";
import { buildDev2QuerySet, buildQuerySet, buildTestQuerySet, TEST3_SEEDS } from "../../src/shared/retrieval/query-set";
import { CatalogItem, Contract, Customer } from "../../src/shared/schemas/reference.schema";
import { readJson, writeJson, writeJsonLines } from "./json-lines";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const data = (file: string) => join(root, "src/seed/data", file);

const seedCatalog = z.array(CatalogItem).parse(readJson(data("catalog.json")));
const contracts = z.array(Contract).parse(readJson(data("contracts.json")));
const customers = z.array(Customer).parse(readJson(data("customers.json")));

const generated = generateCatalog();
const stock = generateStock(generated);
const parts = withSeedParts(seedCatalog, generated);
const passages = buildContractPassages(contracts, customers, seedCatalog);
const contractSkus = Object.fromEntries(
  contracts.map((c) => [c.customer_id, [...new Set(c.pricing_tiers.map((t) => t.sku))]]),
);
const queries = buildQuerySet(parts, passages, contractSkus);
const contextQueries = buildContextQuerySet(parts, contractSkus);
const dev2Queries = buildDev2QuerySet(parts, queries);
const testQueries = buildTestQuerySet(parts, [...queries, ...dev2Queries]);
const test3Queries = buildTestQuerySet(parts, [...queries, ...dev2Queries, ...testQueries], TEST3_SEEDS, "U");

writeJsonLines(data("catalog-generated.json"), generated);
writeJsonLines(data("inventory-generated.json"), stock);
writeJsonLines(data("contract-passages.json"), passages);
writeJson(join(root, "evaluation/retrieval/queries.json"), queries);
writeJson(join(root, "evaluation/retrieval/customer-context-queries.json"), contextQueries);
writeJson(join(root, "evaluation/retrieval/dev2-queries.json"), dev2Queries);
writeJson(join(root, "evaluation/retrieval/test-queries.json"), testQueries);
writeJson(join(root, "evaluation/retrieval/test3-queries.json"), test3Queries);
console.log(
  `[catalog] ${generated.length} generated parts (+${seedCatalog.length} seed), ${stock.length} stock rows, ` +
    `${passages.length} contract passages, ${queries.length} labelled queries, ${dev2Queries.length} DEV-2 queries, ` +
    `${testQueries.length} TEST-2 queries (DEV pool), ${test3Queries.length} held-out TEST-3 queries, ` +
    `${contextQueries.length} customer-context queries`,
);
