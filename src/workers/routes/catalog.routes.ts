import { Hono } from "hono";
import type { AppEnv } from "../context";
import { forbidden } from "../errors";
import { CatalogSearchQuery } from "../http/request-schemas";
import { validate } from "../http/validate";
import { authenticate } from "../middleware";
import { PROBLEMS } from "../problems";
import { searchCatalog } from "../retrieval/search-catalog";

/** Catalog and contract search (DESIGN §8). A customer token searches as its own customer, whatever `customer_id` says. */
export const catalogRoutes = new Hono<AppEnv>().get("/search", authenticate(["ops", "customer"]), async (c) => {
  const { mode, ...query } = validate(CatalogSearchQuery, c.req.query(), PROBLEMS.invalidRequest, "the search");
  const principal = c.get("principal");
  if (principal.kind === "customer") {
    if (mode !== undefined) throw forbidden("mode is an operator's diagnostic");
    return c.json(await searchCatalog(c.env, { ...query, customer_id: principal.customerId }));
  }
  return c.json(await searchCatalog(c.env, query, mode));
});
