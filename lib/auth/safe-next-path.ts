export const DEFAULT_NEXT_PATH = "/";

/**
 * The path to return to after signing in, or "/" when `next` is missing or could lead off this
 * site. Only a plain absolute path is kept: "//host", "/\host" and anything with a scheme or
 * control character would let a crafted login link redirect a fresh session elsewhere.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || next.length > 2048) return DEFAULT_NEXT_PATH;
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return DEFAULT_NEXT_PATH;
  if (/[\p{Cc}\\]/u.test(next)) return DEFAULT_NEXT_PATH;
  const base = "http://same.invalid";
  const url = new URL(next, base);
  if (url.origin !== base) return DEFAULT_NEXT_PATH;
  if (url.pathname === "/login") return DEFAULT_NEXT_PATH;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Where a signed-out visitor of `path` is sent. */
export function loginPathFor(pathWithSearch: string): string {
  const next = safeNextPath(pathWithSearch);
  return next === DEFAULT_NEXT_PATH ? "/login" : `/login?next=${encodeURIComponent(next)}`;
}
