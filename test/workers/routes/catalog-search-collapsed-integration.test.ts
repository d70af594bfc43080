import { env } from "cloudflare:test";
import { afterAll, describe, expect, it } from "vitest";
import { SearchResponse } from "../../../src/shared/retrieval/search-result";
import { api, TOKENS } from "../../fixtures/api";

const QUERY = "/v1/catalog/search?q=4%20inch%20valve%20assembly";
const SKU = "SKU-4892";

const listPrice = async (): Promise<number | undefined> => {
  const res = await api(QUERY, { token: TOKENS.ops });
  expect(res.status).toBe(200);
  return SearchResponse.parse(await res.json()).results.find((r) => r.sku === SKU)?.list_price;
};

const setListPrice = (price: number) =>
  env.DB.prepare("UPDATE catalog SET list_price = ? WHERE sku = ?").bind(price, SKU).run();

describe("GET /v1/catalog/search under concurrent identical searches (collapsed reads)", () => {
  afterAll(() => setListPrice(595));

  it("answers every search from a read that started after it arrived: a price committed before it is always shown", async () => {
    const before = await listPrice();
    expect(before).toBe(595);
    for (let round = 1; round <= 5; round++) {
      // Searches in flight, some of whose reads began before the write below, when the checking search arrives.
      const running = Array.from({ length: 30 }, () => listPrice());
      await setListPrice(595 + round);
      expect(await listPrice()).toBe(595 + round);
      for (const seen of await Promise.all(running)) expect([595 + round - 1, 595 + round]).toContain(seen);
    }
  });
});
