import { createView, listViews } from "@/lib/deliveries/saved-views";
import type { oneSavedViewSchema } from "@/lib/deliveries/view-schemas";
import type { AnswerOf } from "@/lib/http/openapi/contract";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The views pinned in the navigation: the three built in, then the saved ones. */
export const GET = apiRoute(API_ROUTES["GET /api/views"], async () => ({ views: await listViews() }));

/** Saves the list's filters (its query string) under a name. */
export const POST = apiRoute(API_ROUTES["POST /api/views"], async ({ body }) =>
  Response.json({ view: await createView(body) } satisfies AnswerOf<typeof oneSavedViewSchema>, { status: 201 }),
);
