import { SESSION_LIFETIME_SECONDS } from "./session-token";

export const SESSION_COOKIE = "awm_session";

/**
 * True when the browser reached us over HTTPS: directly (the URL), or through a proxy that
 * terminated TLS and said so in X-Forwarded-Proto (Next sets it from the socket otherwise).
 */
export function isHttpsRequest(request: Request): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0].trim().toLowerCase();
  return forwarded === "https" || new URL(request.url).protocol === "https:";
}

// HttpOnly: page scripts never see the session. SameSite=Lax: other sites' forms and fetches
// do not carry it, while a link to the dashboard from mail or chat still opens signed in.
function attributes(secure: boolean, maxAgeSeconds: number): string {
  return `Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export function sessionCookieHeader(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; ${attributes(secure, SESSION_LIFETIME_SECONDS)}`;
}

export function clearedSessionCookieHeader(secure: boolean): string {
  return `${SESSION_COOKIE}=; ${attributes(secure, 0)}`;
}
