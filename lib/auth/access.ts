import type { ApiTokenScope } from "./api-tokens";

/** Signing in and managing credentials (tokens, sessions, the password) take a signed-in person. */
const SESSION_ONLY_PATHS = /^\/api\/(auth|tokens|sessions)(\/|$)/;
const READ_METHODS = new Set(["GET", "HEAD"]);

export function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/");
}

/** The bearer token of an `Authorization: Bearer …` header; undefined for any other header or none. */
export function bearerTokenOf(headers: Headers): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(headers.get("authorization") ?? "");
  return match?.[1];
}

/** Why a valid token of `scope` may not make this request, or undefined when it may. */
export function tokenRefusal(scope: ApiTokenScope, method: string, pathname: string): string | undefined {
  if (SESSION_ONLY_PATHS.test(pathname)) {
    return "API tokens cannot sign in or manage tokens, sessions or the password: sign in to the dashboard";
  }
  if (scope === "read" && !READ_METHODS.has(method.toUpperCase())) {
    return "This token is read-only: only GET and HEAD requests";
  }
  return undefined;
}
