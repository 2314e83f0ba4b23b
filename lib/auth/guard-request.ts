import "server-only";
import { type NextRequest, NextResponse } from "next/server";
import { DomainError } from "../errors";
import { errorResponse } from "../http/error-response";
import { bearerTokenOf, isApiPath, tokenRefusal } from "./access";
import { findApiToken } from "./api-tokens";
import { isCrossSiteRequest } from "./cross-site";
import { currentSession } from "./current-session";
import { loginPathFor } from "./safe-next-path";

/**
 * What signing in itself needs. The webhook receiver, /api/health and Next's assets never reach
 * the guard at all: proxy.ts leaves them out of its matcher, so they pay nothing for auth.
 * Signing out needs no session either: it ends the one its cookie names, if any. The API's
 * description is public: it says how to call the API, nothing the API holds.
 */
const PUBLIC_PATHS = new Set(["/login", "/api/auth/sign-in", "/api/auth/sign-out", "/api/openapi.json"]);

/**
 * Decides a request before it reaches a page or route: refuses state-changing requests from
 * other sites; on the API, takes a bearer token (and nothing else) when one is sent; otherwise
 * sends signed-out visitors to /login (pages) or answers 401 (API). Returns undefined when the
 * request may go on.
 */
export async function guardRequest(request: NextRequest): Promise<Response | undefined> {
  if (isCrossSiteRequest(request.method, request.headers)) {
    return errorResponse(new DomainError("forbidden", "Cross-site requests are not accepted"));
  }
  const { pathname, search } = request.nextUrl;
  try {
    const bearer = isApiPath(pathname) ? bearerTokenOf(request.headers) : undefined;
    if (bearer !== undefined) return await tokenDecision(bearer, request.method, pathname);
    if (PUBLIC_PATHS.has(pathname)) return undefined;
    if (await currentSession(request.headers)) return undefined;
  } catch (error) {
    return errorResponse(error);
  }
  if (isApiPath(pathname)) {
    return errorResponse(new DomainError("unauthorized", "Sign in to use the API"));
  }
  return NextResponse.redirect(new URL(loginPathFor(`${pathname}${search}`), request.url));
}

/** A request that sent a token stands or falls by it: a cookie beside it changes nothing. */
async function tokenDecision(bearer: string, method: string, pathname: string): Promise<Response | undefined> {
  const token = await findApiToken(bearer);
  if (!token) throw new DomainError("unauthorized", "The API token is unknown, revoked or expired");
  const refusal = tokenRefusal(token.scope, method, pathname);
  if (refusal) throw new DomainError("forbidden", refusal);
  return undefined;
}
