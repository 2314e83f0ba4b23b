import { z } from "zod";
import { browserOf } from "@/lib/auth/account";
import { changePassword } from "@/lib/auth/change-password";
import { sessionCookieHeader } from "@/lib/auth/session-cookie";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const changePasswordSchema = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
});

/** Changes the stored password and ends every session; this browser is signed in again at once. */
export const POST = apiRoute({ body: changePasswordSchema }, async ({ request, body }) => {
  const session = await changePassword(body.currentPassword, body.newPassword, browserOf(request.headers));
  return Response.json(
    { endedSessions: session.endedSessions },
    { headers: { "Set-Cookie": sessionCookieHeader(session.token) } },
  );
});
