import { sessionsSeenFrom } from "@/lib/auth/account";
import type { sessionsEndedSchema } from "@/lib/auth/schemas";
import { clearedSessionCookieHeader } from "@/lib/auth/session-cookie";
import { endAllSessions } from "@/lib/auth/sessions";
import type { AnswerOf } from "@/lib/http/openapi/contract";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Every session that has not expired, the asking browser's marked `current`. */
export const GET = apiRoute(API_ROUTES["GET /api/sessions"], async ({ request }) => ({
  sessions: await sessionsSeenFrom(request.headers),
}));

/** Signs out everywhere: every session ends, this browser's included. */
export const DELETE = apiRoute(API_ROUTES["DELETE /api/sessions"], async () =>
  Response.json({ ended: await endAllSessions() } satisfies AnswerOf<typeof sessionsEndedSchema>, {
    headers: { "Set-Cookie": clearedSessionCookieHeader() },
  }),
);
