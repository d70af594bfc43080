import { database } from "../db/client";
import { jsonColumns, jsonRowStatements } from "../db/json-rows";
import * as schema from "../db/schema";
import { RuleImportItem } from "../schemas/admin-items.schema";
import {
  booleanCell,
  type CsvColumns,
  itemsFromCsv,
  itemsToCsv,
  jsonCell,
  listCell,
  nullableNumberListCell,
  nullableTextCell,
  numberCell,
  textCell,
} from "./csv-cells";
import type { ImportKind } from "./import-kind";

/** `scope.months` and `created_from_episodes` are `;`-separated in CSV, `action` a JSON cell. */
const COLUMNS: CsvColumns = {
  rule_id: textCell,
  confidence: numberCell,
  "scope.exception_type": textCell,
  "scope.carrier": nullableTextCell,
  "scope.hub": nullableTextCell,
  "scope.months": nullableNumberListCell,
  rule: textCell,
  action: jsonCell,
  created_from_episodes: listCell,
  enabled: booleanCell,
};

/** A rule as one flat row for `json_each`. */
const flat = (r: RuleImportItem) => ({
  rule_id: r.rule_id,
  exception_type: r.scope.exception_type,
  carrier: r.scope.carrier,
  hub: r.scope.hub,
  months: r.scope.months === null ? null : JSON.stringify(r.scope.months),
  rule: r.rule,
  action: JSON.stringify(r.action),
  confidence: r.confidence,
  created_from_episodes: JSON.stringify(r.created_from_episodes),
  enabled: r.enabled ? 1 : 0,
});
const FIELDS = Object.keys(
  flat({
    rule_id: "",
    confidence: 0,
    scope: { exception_type: "unknown", carrier: null, hub: null, months: null },
    rule: "",
    action: {},
    created_from_episodes: [],
    enabled: true,
  }),
);

/**
 * Procedural rules (DESIGN §13), seeded and promoted, by `rule_id`, with whether each is in force.
 * An import keeps a stored rule's `created_at`; a new one is created now.
 */
export const rulesKind: ImportKind<RuleImportItem> = {
  kind: "rules",
  item: RuleImportItem,
  key: (item) => item.rule_id,
  fromCsv: (records) => itemsFromCsv(records, COLUMNS),
  toCsv: (items) => itemsToCsv(items, COLUMNS),
  async load(db) {
    const t = schema.proceduralRules;
    const rows = await database(db).select().from(t).orderBy(t.ruleId).all();
    return rows.map((r) =>
      RuleImportItem.parse({
        rule_id: r.ruleId,
        confidence: r.confidence,
        scope: { exception_type: r.exceptionType, carrier: r.carrier, hub: r.hub, months: r.months },
        rule: r.rule,
        action: r.action,
        created_from_episodes: r.createdFromEpisodes,
        enabled: r.enabled,
      }),
    );
  },
  writes: (db, items) =>
    jsonRowStatements(
      db,
      `INSERT INTO procedural_rules (${FIELDS.join(", ")}, created_at) SELECT ${jsonColumns(FIELDS)}, ?2 FROM json_each(?1) WHERE true ` +
        "ON CONFLICT (rule_id) DO UPDATE SET exception_type = excluded.exception_type, carrier = excluded.carrier, " +
        "hub = excluded.hub, months = excluded.months, rule = excluded.rule, action = excluded.action, " +
        "confidence = excluded.confidence, created_from_episodes = excluded.created_from_episodes, enabled = excluded.enabled",
      items.map(flat),
      new Date().toISOString(),
    ),
};
