import { browserOf } from "@/lib/auth/account";
import { changePassword } from "@/lib/auth/change-password";
import type { passwordChangedSchema } from "@/lib/auth/schemas";
import { sessionCookieHeader } from "@/lib/auth/session-cookie";
import type { AnswerOf } from "@/lib/http/openapi/contract";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Changes the stored password and ends every session; this browser is signed in again at once. */
export const POST = apiRoute(API_ROUTES["POST /api/auth/password"], async ({ request, body }) => {
  const session = await changePassword(body.currentPassword, body.newPassword, browserOf(request.headers));
  return Response.json({ endedSessions: session.endedSessions } satisfies AnswerOf<typeof passwordChangedSchema>, {
    headers: { "Set-Cookie": sessionCookieHeader(session.token) },
  });
});
