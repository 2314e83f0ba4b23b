import { deleteRule, updateRule } from "@/lib/alerts/rules";
import { ruleView } from "@/lib/alerts/views";
import { DomainError } from "@/lib/errors";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Changes a rule: its name, condition, channels, or whether it is evaluated. */
export const PATCH = apiRoute(API_ROUTES["PATCH /api/alert-rules/{id}"], async ({ params, body }) => ({
  rule: ruleView(await updateRule(params.id, body)),
}));

/** Deletes a rule with its incidents. */
export const DELETE = apiRoute(API_ROUTES["DELETE /api/alert-rules/{id}"], async ({ params }) => {
  if (!(await deleteRule(params.id))) throw new DomainError("not_found", `No alert rule with id ${params.id}`);
  return new Response(null, { status: 204 });
});
