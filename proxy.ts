import { type NextRequest, NextResponse } from "next/server";
import { guardRequest } from "./lib/auth/guard-request";
import { applySecurityHeaders, contentSecurityPolicy, createNonce } from "./lib/http/security-headers";

/**
 * Every request but those the matcher leaves out must come from a signed-in, same-site page, and
 * every answer carries the dashboard's security headers. The policy also goes on the request:
 * that is where Next finds the nonce to put on the scripts it renders.
 */
export async function proxy(request: NextRequest) {
  const nonce = createNonce();
  const refused = await guardRequest(request);
  let response: Response;
  if (refused) {
    response = refused;
  } else {
    const headers = new Headers(request.headers);
    headers.set("Content-Security-Policy", contentSecurityPolicy(nonce));
    response = NextResponse.next({ request: { headers } });
  }
  applySecurityHeaders(response.headers, nonce);
  return response;
}

export const config = {
  // Left out: the webhook receiver (Accelo cannot sign in, and must not wait for auth), the
  // liveness probe, Next's own assets and the favicon. Everything else, including paths that do
  // not exist yet, is guarded.
  matcher: ["/((?!_next/|favicon\\.ico$|api/health$|api/webhooks/accelo$).*)"],
};
