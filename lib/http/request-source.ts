import { z } from "zod";

/**
 * Set by server.ts from the TCP connection, overwriting whatever a client sent under that name:
 * the one address of a request that its sender cannot choose. Next itself keeps a client's own
 * X-Forwarded-For when one is sent, so that header alone proves nothing.
 */
export const PEER_ADDRESS_HEADER = "x-accelo-monitor-peer";

const trustedProxiesSchema = z.object({
  TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
});

let cached: { raw: string | undefined; hops: number } | undefined;

/** How many reverse proxies stand in front of the app and append to X-Forwarded-For (TRUSTED_PROXIES). */
export function trustedProxyHops(env: Record<string, string | undefined> = process.env): number {
  let entry = cached;
  if (entry === undefined || entry.raw !== env.TRUSTED_PROXIES) {
    entry = { raw: env.TRUSTED_PROXIES, hops: trustedProxiesSchema.parse(env).TRUSTED_PROXIES };
    cached = entry;
  }
  return entry.hops;
}

/**
 * The address a request is counted against, and stored with it. With no proxy trusted, the TCP
 * peer. Behind N trusted proxies, each appended the address it saw to X-Forwarded-For, so the
 * Nth entry from the end is the one the first trusted proxy saw: entries before it are the
 * client's to write. A request that reached the app some other way (`next dev`, a test calling
 * a route) has no peer address: "unknown".
 */
export function requestSource(headers: Headers, hops = trustedProxyHops()): string {
  const peer = headers.get(PEER_ADDRESS_HEADER)?.trim() || "unknown";
  if (hops === 0) return peer;
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  return forwarded.at(-hops) ?? peer;
}
