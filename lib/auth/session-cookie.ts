import { servedOverHttps } from "../http/security-headers";

/** How long a sign-in lasts. */
export const SESSION_LIFETIME_SECONDS = 7 * 24 * 60 * 60;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Over HTTPS (PUBLIC_URL, never a forwarded header a client can write) the cookie takes the
 * `__Host-` prefix: browsers then accept it only Secure, for this host alone, and for every path,
 * so neither a sibling subdomain nor plain HTTP can plant or read it.
 */
export function sessionCookieName(env: Env = process.env): string {
  return servedOverHttps(env) ? "__Host-awm_session" : "awm_session";
}

// HttpOnly: page scripts never see the session. SameSite=Lax: other sites' forms and fetches
// do not carry it, while a link to the dashboard from mail or chat still opens signed in.
function attributes(env: Env, maxAgeSeconds: number): string {
  return `Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${servedOverHttps(env) ? "; Secure" : ""}`;
}

export function sessionCookieHeader(token: string, env: Env = process.env): string {
  return `${sessionCookieName(env)}=${token}; ${attributes(env, SESSION_LIFETIME_SECONDS)}`;
}

export function clearedSessionCookieHeader(env: Env = process.env): string {
  return `${sessionCookieName(env)}=; ${attributes(env, 0)}`;
}

/** The session token a request carries, read from its Cookie header. */
export function sessionTokenOf(headers: Headers, env: Env = process.env): string | undefined {
  const name = sessionCookieName(env);
  for (const pair of (headers.get("cookie") ?? "").split(";")) {
    const separator = pair.indexOf("=");
    if (separator > 0 && pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim() || undefined;
  }
  return undefined;
}
