/**
 * The address login attempts are counted against: the last X-Forwarded-For hop. Next fills that
 * header from the socket when a client connects directly, and a reverse proxy appends the address
 * it saw, so the last hop is the one a client cannot choose — as long as the proxy appends (nginx
 * $proxy_add_x_forwarded_for, Caddy, Traefik do). A client that reaches Next directly while
 * sending its own header could pick its key; deploy behind a proxy when that matters.
 */
export function clientAddress(headers: Headers): string {
  const hops = headers.get("x-forwarded-for")?.split(",") ?? [];
  return hops.at(-1)?.trim() || "unknown";
}
