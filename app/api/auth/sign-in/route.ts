import { z } from "zod";
import { browserOf } from "@/lib/auth/account";
import { sessionCookieHeader } from "@/lib/auth/session-cookie";
import { signIn } from "@/lib/auth/sign-in";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const signInRequestSchema = z.object({ password: z.string().min(1).max(1024) });

/** Signs in with the dashboard password: starts a session and sets its cookie, or says why not. */
export const POST = apiRoute({ body: signInRequestSchema }, async ({ request, body }) => {
  const session = await signIn(body.password, browserOf(request.headers));
  return Response.json(
    { expiresAt: session.expiresAt.toISOString() },
    { headers: { "Set-Cookie": sessionCookieHeader(session.token) } },
  );
});
