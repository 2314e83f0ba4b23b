import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";
import { deleteAppSubscription } from "@/lib/subscriptions/delete";

export const dynamic = "force-dynamic";

/** Deletes the subscription on Accelo's side; its secret is accepted for the grace period still. */
export const DELETE = apiRoute(API_ROUTES["DELETE /api/subscriptions/{id}"], async ({ params }) => {
  await deleteAppSubscription(params.id);
  return new Response(null, { status: 204 });
});
