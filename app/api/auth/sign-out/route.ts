import { signOut } from "@/lib/auth/account";
import { clearedSessionCookieHeader } from "@/lib/auth/session-cookie";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * Ends the session (deleted on the server, so a copy of the cookie stops working too), clears the
 * cookie and sends the browser to the login page (303: as a GET).
 */
export const POST = apiRoute(API_ROUTES["POST /api/auth/sign-out"], async ({ request }) => {
  await signOut(request.headers);
  return new Response(null, {
    status: 303,
    headers: { Location: "/login", "Set-Cookie": clearedSessionCookieHeader() },
  });
});
