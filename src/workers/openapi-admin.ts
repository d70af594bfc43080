/** The admin API's part of the OpenAPI document (DESIGN §13): one path for every kind, each kind's item schema. */
import { IMPORT_KINDS } from "../shared/admin/kinds";
import { AdminImportQuery } from "./http/request-schemas";
import { bearer, errors, queryParameters, schema } from "./openapi-components";

const componentName = (kind: string) =>
  `Admin${kind.replace(/(^|-)([a-z])/g, (_, _dash: string, c: string) => c.toUpperCase())}Item`;

/** Each served kind's item, as `AdminCatalogItem`, `AdminTradingPartnersItem`... */
export function adminSchemas(): Record<string, unknown> {
  return Object.fromEntries(Object.values(IMPORT_KINDS).map((k) => [componentName(k.kind), schema(k.item)]));
}

const kinds = () => Object.keys(IMPORT_KINDS);
const itemsBody = {
  type: "object",
  required: ["items"],
  properties: {
    items: {
      type: "array",
      items: { oneOf: kinds().map((k) => ({ $ref: `#/components/schemas/${componentName(k)}` })) },
    },
  },
};
const csv = {
  "text/csv": {
    schema: {
      type: "string",
      description: "a header row of the item's fields (nested ones dotted: sla.delivery_window_days), one row per item",
    },
  },
};
const kindParameter = { name: "kind", in: "path", required: true, schema: { type: "string", enum: kinds() } };

/** `GET`/`PUT /v1/admin/{kind}`. */
export function adminPaths() {
  return {
    "/v1/admin/{kind}": {
      get: {
        summary: "Export one kind of the supplier's data (ops); CSV with Accept: text/csv",
        security: bearer,
        parameters: [kindParameter],
        responses: {
          "200": { description: "{items}", content: { "application/json": { schema: itemsBody }, ...csv } },
          ...errors(401, 403, 404),
        },
      },
      put: {
        summary: "Import (upsert) one kind of the supplier's data (ops): all rows or none, audited; up to 16 MiB",
        security: bearer,
        parameters: [kindParameter, ...queryParameters(AdminImportQuery)],
        requestBody: { required: true, content: { "application/json": { schema: itemsBody }, ...csv } },
        responses: {
          "200": {
            description:
              "{kind, dry_run, added: [key], changed: [{key, differences: [{field, before, after}]}], unchanged, counts}",
          },
          ...errors(400, 401, 403, 404, 413, 422),
        },
      },
    },
  };
}
