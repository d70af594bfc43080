import { Hono } from "hono";
import { recordAudit } from "../../shared/db/audit-repository";
import { loadRules, setRuleEnabled } from "../../shared/db/memory-repository";
import type { AppEnv } from "../context";
import { notFound } from "../errors";
import { RuleChange } from "../http/request-schemas";
import { readValidJson } from "../http/validate";
import { authenticate } from "../middleware";
import { PROBLEMS } from "../problems";

/**
 * Disabling and re-enabling a procedural rule (DESIGN §13), operations only. The playbook reads
 * the rules for each exception, so the change holds from the next one; what was decided stays.
 */
export const adminRulesRoutes = new Hono<AppEnv>().patch("/rules/:rule_id", authenticate(["ops"]), async (c) => {
  const ruleId = c.req.param("rule_id");
  const { data } = await readValidJson(c.req.raw, RuleChange, PROBLEMS.invalidRuleChange, "the rule change");
  if (!(await setRuleEnabled(c.env.DB, ruleId, data.enabled)))
    throw notFound(`no procedural rule ${ruleId.slice(0, 80)}`);
  await recordAudit(c.env.DB, {
    kind: data.enabled ? "rule.enabled" : "rule.disabled",
    principalId: c.get("principal").id,
    traceId: c.get("span").context.traceId,
    detail: { rule_id: ruleId },
  });
  const rule = (await loadRules(c.env.DB)).find((r) => r.rule_id === ruleId);
  return c.json(rule);
});
