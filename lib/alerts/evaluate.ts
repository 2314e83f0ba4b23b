import "server-only";
import { type AcceloConfig, acceloConfigFromEnv } from "../accelo/config";
import { enabledChannelIds } from "./channels";
import { evaluateCondition } from "./conditions";
import { openIncident, resolveIncident } from "./incidents";
import { enqueueNotifications } from "./notifications";
import { listRules } from "./rules";

function acceloFromEnv(): AcceloConfig | undefined {
  try {
    return acceloConfigFromEnv();
  } catch {
    // A broken Accelo setting is said on the Settings page; the budget rule just cannot hold.
    return undefined;
  }
}

export interface EvaluationSummary {
  opened: number;
  resolved: number;
}

/**
 * Looks at every enabled rule once: a condition that begins to hold opens an incident and owes
 * each of the rule's channels an "opened" message; one that stops holding resolves it and owes a
 * "resolved" message. Only the instance whose insert or update wins does either (incidents.ts),
 * so several instances evaluating together notify once. A rule that was disabled keeps its open
 * incident until it is enabled again or deleted.
 */
export async function evaluateAlertRules(
  now = new Date(),
  accelo: AcceloConfig | undefined = acceloFromEnv(),
): Promise<EvaluationSummary> {
  const summary = { opened: 0, resolved: 0 };
  for (const rule of await listRules({ enabledOnly: true })) {
    const finding = await evaluateCondition(rule.condition, { now, accelo, ruleCreatedAt: rule.createdAt });
    if (finding) {
      const incident = await openIncident(rule.id, finding, now);
      if (!incident) continue;
      await enqueueNotifications(incident.id, "opened", await enabledChannelIds(rule.channels), now);
      summary.opened++;
    } else {
      const incident = await resolveIncident(rule.id, now);
      if (!incident) continue;
      await enqueueNotifications(incident.id, "resolved", await enabledChannelIds(rule.channels), now);
      summary.resolved++;
    }
  }
  return summary;
}
