import { deleteView } from "@/lib/deliveries/saved-views";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Deletes a saved view; the built-in ones answer 403. */
export const DELETE = apiRoute(API_ROUTES["DELETE /api/views/{id}"], async ({ params }) => {
  await deleteView(params.id);
  return new Response(null, { status: 204 });
});
