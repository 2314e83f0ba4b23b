import { deleteView } from "@/lib/deliveries/saved-views";
import { viewIdParamsSchema } from "@/lib/deliveries/view-schemas";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Deletes a saved view; the built-in ones answer 403. */
export const DELETE = apiRoute({ params: viewIdParamsSchema }, async ({ params }) => {
  await deleteView(params.id);
  return new Response(null, { status: 204 });
});
