/** Contract versions imported over stored ones, through the API (DESIGN §13): one version in force a day, rows named. */
import { beforeAll, describe, expect, it } from "vitest";
import { api, TOKENS } from "../../fixtures/api";

const CSV = { "content-type": "text/csv" };
const HEADER =
  "contract_id,customer_id,customer,payment_terms,sla.delivery_window_days,sla.response_time_hours,effective_from,effective_to,sku,min_qty,max_qty,price";

function put(kind: string, csv: string): Promise<Response> {
  return api(`/v1/admin/${kind}`, { method: "PUT", token: TOKENS.ops, headers: CSV, body: csv });
}

async function refused(csv: string): Promise<{ row: number; field: string; message: string }[]> {
  const res = await put("contracts", csv);
  const body = await res.text();
  expect(res.status, body).toBe(422);
  return (JSON.parse(body) as { errors: { row: number; field: string; message: string }[] }).errors;
}

async function accepted(csv: string): Promise<void> {
  const res = await put("contracts", csv);
  expect(res.status, await res.text()).toBe(200);
}

/** One CSV row of a version of `contract` for CUST-7801 from `from` to `to` (empty: open). */
const row = (contract: string, from: string, to: string, tier: string) =>
  `${contract},CUST-7801,Overlap Co,Net 30,10,4,${from},${to},${tier}`;

beforeAll(async () => {
  const res = await put(
    "customers",
    "customer_id,name,tier,contact_email,allow_partial_shipment\nCUST-7801,Overlap Co,standard,buying@overlap.example,true\n",
  );
  expect(res.status, await res.text()).toBe(200);
});

describe("PUT /v1/admin/contracts against the versions stored", () => {
  it("refuses a new open-ended version over a stored open-ended one, and takes it once the old one is ended", async () => {
    await accepted(`${HEADER}\n${row("CTR-OV-1", "2025-01-01", "", "SKU-4892,1,,500")}\n`);
    const errors = await refused(`${HEADER}\n${row("CTR-OV-1", "2025-07-01", "", "SKU-4892,1,,480")}\n`);
    expect(errors).toEqual([
      expect.objectContaining({
        row: 1,
        field: "effective_from",
        message: expect.stringMatching(/CTR-OV-1@2025-01-01/),
      }),
    ]);
    await accepted(
      `${HEADER}\n${row("CTR-OV-1", "2025-01-01", "2025-06-30", "SKU-4892,1,,500")}\n${row("CTR-OV-1", "2025-07-01", "", "SKU-4892,1,,480")}\n`,
    );
  });

  it("refuses moving a version's start date beside the stored one rather than keeping both in force", async () => {
    await accepted(`${HEADER}\n${row("CTR-OV-2", "2025-01-01", "", "SKU-4892,1,,500")}\n`);
    const errors = await refused(`${HEADER}\n${row("CTR-OV-2", "2025-02-01", "", "SKU-4892,1,,500")}\n`);
    expect(errors.map((e) => [e.row, e.field])).toEqual([[1, "effective_from"]]);
  });

  it("names the row of a version of an unknown customer with 422, not a 500", async () => {
    const csv = `${HEADER}\n${row("CTR-OV-3", "2025-01-01", "", "SKU-4892,1,,500").replace("CUST-7801", "CUST-NOPE")}\n`;
    expect(await refused(csv)).toEqual([{ row: 1, field: "customer_id", message: "no customer CUST-NOPE" }]);
  });

  it("numbers overlap errors by CSV row where a version spans several tier rows", async () => {
    const csv = [
      HEADER,
      row("CTR-OV-4", "2025-01-01", "", "SKU-4892,1,99,500"),
      row("CTR-OV-4", "2025-01-01", "", "SKU-4892,100,,450"),
      row("CTR-OV-4", "2025-01-01", "", "SKU-7210,1,,60"),
      row("CTR-OV-4", "2025-03-01", "", "SKU-4892,1,,470"),
      row("CTR-OV-4", "2025-03-01", "", "SKU-7210,1,,55"),
    ].join("\n");
    const errors = await refused(`${csv}\n`);
    expect(errors.map((e) => [e.row, e.field])).toEqual([[4, "effective_from"]]);
  });
});
