/** The OpenAPI paths of customer tokens and rule switching (DESIGN §13), beside the admin import paths. */
import { bearer, body, errors } from "./openapi-components";

const pathId = (name: string) => ({ name, in: "path", required: true, schema: { type: "string" } });

export const ADMIN_ACCESS_PATHS = {
  "/v1/admin/customers/{id}/tokens": {
    post: {
      summary: "Issue a customer a token (ops); the secret is in this answer only, and stored hashed",
      security: bearer,
      parameters: [pathId("id")],
      requestBody: body("TokenRequest"),
      responses: {
        "201": { description: "{token_id, customer_id, label, created_at, token}" },
        ...errors(401, 403, 404, 422),
      },
    },
    get: {
      summary: "A customer's tokens, without their secrets (ops)",
      security: bearer,
      parameters: [pathId("id")],
      responses: {
        "200": { description: "{tokens: [{token_id, customer_id, label, created_at, revoked_at}]}" },
        ...errors(401, 403, 404),
      },
    },
  },
  "/v1/admin/tokens/{token_id}": {
    delete: {
      summary: "Revoke a customer token (ops): the next request with it answers 401",
      security: bearer,
      parameters: [pathId("token_id")],
      responses: { "204": { description: "revoked" }, ...errors(401, 403, 404) },
    },
  },
  "/v1/admin/rules/{rule_id}": {
    patch: {
      summary: "Disable or re-enable a procedural rule (ops); a disabled rule neither fires nor is cited",
      security: bearer,
      parameters: [pathId("rule_id")],
      requestBody: body("RuleChange"),
      responses: { "200": { description: "the rule, with enabled" }, ...errors(401, 403, 404, 422) },
    },
  },
};
