import { endOneSession } from "@/lib/auth/account";
import { clearedSessionCookieHeader } from "@/lib/auth/session-cookie";
import { DomainError } from "@/lib/errors";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Ends one session, wherever its cookie is; ending this browser's own also clears its cookie. */
export const DELETE = apiRoute(API_ROUTES["DELETE /api/sessions/{id}"], async ({ request, params }) => {
  const { found, endedOwn } = await endOneSession(request.headers, params.id);
  if (!found) throw new DomainError("not_found", "No such session: it may have ended already");
  return new Response(null, {
    status: 204,
    headers: endedOwn ? { "Set-Cookie": clearedSessionCookieHeader() } : undefined,
  });
});
