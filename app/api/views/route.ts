import { createView, listViews } from "@/lib/deliveries/saved-views";
import { newViewSchema } from "@/lib/deliveries/view-schemas";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The views pinned in the navigation: the three built in, then the saved ones. */
export const GET = apiRoute({}, async () => ({ views: await listViews() }));

/** Saves the list's filters (its query string) under a name. */
export const POST = apiRoute({ body: newViewSchema }, async ({ body }) =>
  Response.json({ view: await createView(body) }, { status: 201 }),
);
