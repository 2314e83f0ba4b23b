import "server-only";
import { openIncidentsByRule, recentIncidents } from "./incidents";
import { listRules, type RuleRecord } from "./rules";
import type { RuleView } from "./schemas";

export function ruleView(record: RuleRecord, firing: RuleView["firing"] = null): RuleView {
  return {
    id: record.id,
    name: record.name,
    condition: record.condition,
    channels: record.channels,
    enabled: record.enabled,
    createdAt: record.createdAt.toISOString(),
    firing,
  };
}

/** Every rule with its state now (quiet, or firing since its incident opened), and the latest incidents. */
export async function alertRulesPage() {
  const [rules, open, incidents] = await Promise.all([listRules(), openIncidentsByRule(), recentIncidents()]);
  return { rules: rules.map((rule) => ruleView(rule, open.get(rule.id) ?? null)), incidents };
}
