import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { OrderObject } from "../../src/durable-objects/order.do";
import { insertEvents, readEvents } from "../../src/durable-objects/order-store";
import type { OrderEvent } from "../../src/shared/schemas/order-event.schema";
import { freshPo } from "../fixtures/api";
import { acmeOrder } from "../fixtures/order-object";

describe("insertEvents", () => {
  it("stores a commit's events in one statement, each read back exactly: numbers, nulls, text and order", async () => {
    await runInDurableObject(acmeOrder(freshPo()), (_instance: OrderObject, state) => {
      const sql = state.storage.sql;
      const events = [
        {
          seq: 1,
          at: "2026-12-02T06:00:00.000Z",
          actor: "api",
          trace_id: null,
          handoff_id: null,
          type: "model.called",
          data: {
            interaction_id: 'i-1 «ünïcode» "quoted"',
            task: "status_question",
            model: "claude-haiku-4-5",
            tier: "haiku",
            input_tokens: 12,
            output_tokens: 3,
            cache_write_tokens: 0,
            cache_read_tokens: 0,
            latency_ms: 0.1 + 0.2,
            cost_usd: 1e-7,
            cost_basis: "modeled",
            routing_reason: "line\nbreak",
          },
        },
        {
          seq: 2,
          at: "2026-12-02T06:00:00.001Z",
          actor: "comms",
          trace_id: "0af7651916cd43dd8448eb211c80319c",
          handoff_id: "h-2",
          type: "model.fallback",
          data: { task: "status_question", reason: "overloaded" },
        },
      ] as OrderEvent[];
      insertEvents(sql, events);
      insertEvents(sql, []);
      expect(readEvents(sql)).toEqual(events);
      expect(sql.exec("SELECT typeof(seq) AS t FROM events").toArray()).toEqual([{ t: "integer" }, { t: "integer" }]);
    });
  });
});
