import { createRule } from "@/lib/alerts/rules";
import type { oneRuleSchema } from "@/lib/alerts/schemas";
import { alertRulesPage, ruleView } from "@/lib/alerts/views";
import type { AnswerOf } from "@/lib/http/openapi/contract";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Every alert rule with its state (quiet, or firing since…), and the latest incidents. */
export const GET = apiRoute(API_ROUTES["GET /api/alert-rules"], () => alertRulesPage());

/** Adds a rule; the alert loop evaluates it from its next round. */
export const POST = apiRoute(API_ROUTES["POST /api/alert-rules"], async ({ body }) =>
  Response.json({ rule: ruleView(await createRule(body)) } satisfies AnswerOf<typeof oneRuleSchema>, { status: 201 }),
);
