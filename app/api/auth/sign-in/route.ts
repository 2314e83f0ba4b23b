import { browserOf } from "@/lib/auth/account";
import type { signInAnswerSchema } from "@/lib/auth/schemas";
import { sessionCookieHeader } from "@/lib/auth/session-cookie";
import { signIn } from "@/lib/auth/sign-in";
import type { AnswerOf } from "@/lib/http/openapi/contract";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Signs in with the dashboard password: starts a session and sets its cookie, or says why not. */
export const POST = apiRoute(API_ROUTES["POST /api/auth/sign-in"], async ({ request, body }) => {
  const session = await signIn(body.password, browserOf(request.headers));
  return Response.json({ expiresAt: session.expiresAt.toISOString() } satisfies AnswerOf<typeof signInAnswerSchema>, {
    headers: { "Set-Cookie": sessionCookieHeader(session.token) },
  });
});
