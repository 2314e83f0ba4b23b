import { z } from "zod";
import { clientAddress } from "@/lib/auth/client-address";
import { isHttpsRequest, sessionCookieHeader } from "@/lib/auth/session-cookie";
import { signIn } from "@/lib/auth/sign-in";
import { ApiError } from "@/lib/http/errors";
import { errorResponse, withApiErrors } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

const signInRequestSchema = z.object({ password: z.string().min(1).max(1024) });

/** Signs in with the dashboard password: sets the session cookie, or says why not. */
export const POST = withApiErrors(async (request: Request) => {
  const { password } = signInRequestSchema.parse(await request.json().catch(() => undefined));
  const result = await signIn(password, clientAddress(request.headers));

  if (result.outcome === "locked") {
    const { retryAfterSeconds } = result;
    return errorResponse(
      new ApiError("too_many_requests", "Too many wrong passwords from this address", { retryAfterSeconds }),
      { "Retry-After": String(retryAfterSeconds) },
    );
  }
  if (result.outcome === "wrong_password") throw new ApiError("unauthorized", "Wrong password");

  return Response.json(
    { expiresAt: result.expiresAt.toISOString() },
    { headers: { "Set-Cookie": sessionCookieHeader(result.token, isHttpsRequest(request)) } },
  );
});
