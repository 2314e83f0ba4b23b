import { createDestination } from "@/lib/forwarding/destinations";
import type { oneDestinationSchema } from "@/lib/forwarding/schemas";
import { destinationView, listDestinations } from "@/lib/forwarding/views";
import type { AnswerOf } from "@/lib/http/openapi/contract";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Every destination, its last day's success rate and its backlog; never its URL's credentials or secret. */
export const GET = apiRoute(API_ROUTES["GET /api/destinations"], async () => ({
  destinations: await listDestinations(),
}));

/** Adds a destination: its address is checked (no private ranges unless allowed), its URL and secret sealed. */
export const POST = apiRoute(API_ROUTES["POST /api/destinations"], async ({ body }) =>
  Response.json(
    { destination: destinationView(await createDestination(body)) } satisfies AnswerOf<typeof oneDestinationSchema>,
    { status: 201 },
  ),
);
