import { sessionsSeenFrom } from "@/lib/auth/account";
import { clearedSessionCookieHeader } from "@/lib/auth/session-cookie";
import { endAllSessions } from "@/lib/auth/sessions";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Every session that has not expired, the asking browser's marked `current`. */
export const GET = apiRoute({}, async ({ request }) => ({ sessions: await sessionsSeenFrom(request.headers) }));

/** Signs out everywhere: every session ends, this browser's included. */
export const DELETE = apiRoute({}, async () =>
  Response.json({ ended: await endAllSessions() }, { headers: { "Set-Cookie": clearedSessionCookieHeader() } }),
);
