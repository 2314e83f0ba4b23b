import { revokeApiToken } from "@/lib/auth/api-tokens";
import { DomainError } from "@/lib/errors";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Revokes a token: the next request that sends it is refused. */
export const DELETE = apiRoute(API_ROUTES["DELETE /api/tokens/{id}"], async ({ params }) => {
  if (!(await revokeApiToken(params.id)))
    throw new DomainError("not_found", "No such token: it may be revoked already");
  return new Response(null, { status: 204 });
});
