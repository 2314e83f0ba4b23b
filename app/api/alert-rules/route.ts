import { createRule } from "@/lib/alerts/rules";
import { newRuleSchema } from "@/lib/alerts/schemas";
import { alertRulesPage, ruleView } from "@/lib/alerts/views";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Every alert rule with its state (quiet, or firing since…), and the latest incidents. */
export const GET = apiRoute({}, () => alertRulesPage());

/** Adds a rule; the alert loop evaluates it from its next round. */
export const POST = apiRoute({ body: newRuleSchema }, async ({ body }) =>
  Response.json({ rule: ruleView(await createRule(body)) }, { status: 201 }),
);
