import "server-only";
import { type NextRequest, NextResponse } from "next/server";
import { DomainError } from "../errors";
import { errorResponse } from "../http/error-response";
import { isCrossSiteRequest } from "./cross-site";
import { hasValidSession } from "./has-valid-session";
import { loginPathFor } from "./safe-next-path";
import { SESSION_COOKIE } from "./session-cookie";

/**
 * What signing in itself needs. The webhook receiver, /api/health and Next's assets never reach
 * the guard at all: proxy.ts leaves them out of its matcher, so they pay nothing for auth.
 * Signing out needs no session either: it only clears the cookie.
 */
const PUBLIC_PATHS = new Set(["/login", "/api/auth/sign-in", "/api/auth/sign-out"]);

/**
 * Decides a request before it reaches a page or route: refuses state-changing requests from
 * other sites, then sends signed-out visitors to /login (pages) or answers 401 (API). Returns
 * undefined when the request may go on.
 */
export async function guardRequest(request: NextRequest): Promise<Response | undefined> {
  if (isCrossSiteRequest(request.method, request.headers)) {
    return errorResponse(new DomainError("forbidden", "Cross-site requests are not accepted"));
  }
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PATHS.has(pathname)) return undefined;

  try {
    if (await hasValidSession(request.cookies.get(SESSION_COOKIE)?.value)) return undefined;
  } catch (error) {
    return errorResponse(error);
  }
  if (pathname === "/api" || pathname.startsWith("/api/")) {
    return errorResponse(new DomainError("unauthorized", "Sign in to use the API"));
  }
  return NextResponse.redirect(new URL(loginPathFor(`${pathname}${search}`), request.url));
}
