import { Hono } from "hono";
import { auditStatement } from "../../shared/db/audit-repository";
import { principalCache } from "../../shared/db/principal-cache";
import {
  findCustomerToken,
  insertTokenStatement,
  listCustomerTokens,
  newCustomerToken,
  revokeTokenStatement,
} from "../../shared/db/principals-repository";
import { loadCustomer } from "../../shared/db/reference-repository";
import type { AppContext, AppEnv } from "../context";
import { notFound } from "../errors";
import { TokenRequest } from "../http/request-schemas";
import { readValidJson } from "../http/validate";
import { authenticate } from "../middleware";
import { PROBLEMS } from "../problems";

async function knownCustomer(c: AppContext): Promise<string> {
  const id = c.req.param("id") ?? "";
  if (!(await loadCustomer(c.env.DB, id))) throw notFound(`no customer ${id.slice(0, 80)}`);
  return id;
}

/**
 * Customer tokens (DESIGN §13), operations only: issued with a label and shown once, listed
 * without their secret, revoked by id. Issuing and revoking are each one batch with their audit row.
 */
export const adminTokensRoutes = new Hono<AppEnv>()
  .post("/customers/:id/tokens", authenticate(["ops"]), async (c) => {
    const customerId = await knownCustomer(c);
    const { data } = await readValidJson(c.req.raw, TokenRequest, PROBLEMS.invalidTokenRequest, "the token request");
    const issued = await newCustomerToken(customerId, data.label, new Date().toISOString());
    const detail = { token_id: issued.listed.token_id, customer_id: customerId, label: data.label };
    await c.env.DB.batch([
      insertTokenStatement(c.env.DB, issued.row),
      auditStatement(c.env.DB, {
        kind: "token.created",
        principalId: c.get("principal").id,
        traceId: c.get("span").context.traceId,
        detail,
      }),
    ]);
    const { revoked_at: _, ...listed } = issued.listed;
    return c.json({ ...listed, token: issued.token }, 201);
  })
  .get("/customers/:id/tokens", authenticate(["ops"]), async (c) =>
    c.json({ tokens: await listCustomerTokens(c.env.DB, await knownCustomer(c)) }),
  )
  .delete("/tokens/:token_id", authenticate(["ops"]), async (c) => {
    const tokenId = c.req.param("token_id");
    const token = await findCustomerToken(c.env.DB, tokenId);
    if (!token) throw notFound(`no customer token ${tokenId.slice(0, 80)}`);
    if (!token.revoked_at)
      await c.env.DB.batch([
        revokeTokenStatement(c.env.DB, tokenId, new Date().toISOString()),
        auditStatement(c.env.DB, {
          kind: "token.revoked",
          principalId: c.get("principal").id,
          traceId: c.get("span").context.traceId,
          detail: { token_id: tokenId, customer_id: token.customer_id, label: token.label },
        }),
      ]);
    // After the write: a lookup that read the row before it is not kept, so this isolate refuses the token from now on.
    principalCache.forget(tokenId);
    return c.body(null, 204);
  });
