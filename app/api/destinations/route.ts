import { createDestination } from "@/lib/forwarding/destinations";
import { newDestinationSchema } from "@/lib/forwarding/schemas";
import { destinationView, listDestinations } from "@/lib/forwarding/views";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Every destination, its last day's success rate and its backlog; never its URL's credentials or secret. */
export const GET = apiRoute({}, async () => ({ destinations: await listDestinations() }));

/** Adds a destination: its address is checked (no private ranges unless allowed), its URL and secret sealed. */
export const POST = apiRoute({ body: newDestinationSchema }, async ({ body }) =>
  Response.json({ destination: destinationView(await createDestination(body)) }, { status: 201 }),
);
