import { apiRoute } from "@/lib/http/route";
import { deleteAppSubscription } from "@/lib/subscriptions/delete";
import { subscriptionIdParamsSchema } from "@/lib/subscriptions/schemas";

export const dynamic = "force-dynamic";

/** Deletes the subscription on Accelo's side; its secret is accepted for the grace period still. */
export const DELETE = apiRoute({ params: subscriptionIdParamsSchema }, async ({ params }) => {
  await deleteAppSubscription(params.id);
  return new Response(null, { status: 204 });
});
