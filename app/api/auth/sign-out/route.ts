import { clearedSessionCookieHeader, isHttpsRequest } from "@/lib/auth/session-cookie";

export const dynamic = "force-dynamic";

/** Ends the session: clears the cookie and sends the browser to the login page (303: as a GET). */
export function POST(request: Request) {
  return new Response(null, {
    status: 303,
    headers: { Location: "/login", "Set-Cookie": clearedSessionCookieHeader(isHttpsRequest(request)) },
  });
}
