import { type NextRequest, NextResponse } from "next/server";
import { guardRequest } from "./lib/auth/guard-request";

/** Every request but those the matcher leaves out must come from a signed-in, same-site page. */
export async function proxy(request: NextRequest) {
  return (await guardRequest(request)) ?? NextResponse.next();
}

export const config = {
  // Left out: the webhook receiver (Accelo cannot sign in, and must not wait for auth), the
  // liveness probe, Next's own assets and the favicon. Everything else, including paths that do
  // not exist yet, is guarded.
  matcher: ["/((?!_next/|favicon\\.ico$|api/health$|api/webhooks/accelo$).*)"],
};
