import { z } from "zod";

const publicUrlSchema = z.object({ PUBLIC_URL: z.url().optional().or(z.literal("")) });

/** True when users reach the app over HTTPS, by PUBLIC_URL, whatever a forwarded header says. */
export function servedOverHttps(env: Record<string, string | undefined> = process.env): boolean {
  const url = publicUrlSchema.parse(env).PUBLIC_URL;
  return url?.startsWith("https://") ?? false;
}

/** A fresh nonce for one response's scripts: 128 random bits, base64. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The Content-Security-Policy of every dashboard response. Scripts run only with this
 * response's nonce (Next puts it on its own scripts when it finds the policy on the request) or
 * when such a script loads them ('strict-dynamic'); nothing may frame the dashboard, and no
 * plugin or <base> may change where code comes from. Styles allow inline ones: React writes
 * style attributes, which a nonce cannot cover, and a style cannot run code.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Sets the dashboard's security headers on a response; HSTS only when PUBLIC_URL is https. */
export function applySecurityHeaders(headers: Headers, nonce: string): void {
  headers.set("Content-Security-Policy", contentSecurityPolicy(nonce));
  headers.set("X-Content-Type-Options", "nosniff");
  // Resource URLs and delivery ids are private: no page of the dashboard tells another site it was there.
  headers.set("Referrer-Policy", "no-referrer");
  headers.set("X-Frame-Options", "DENY");
  if (servedOverHttps()) headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}
