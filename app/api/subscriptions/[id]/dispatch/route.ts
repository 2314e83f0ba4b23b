import { apiRoute } from "@/lib/http/route";
import { dispatchSchema, subscriptionIdParamsSchema } from "@/lib/subscriptions/schemas";
import { sendTestDelivery } from "@/lib/subscriptions/send-test";

export const dynamic = "force-dynamic";

/** Has Accelo send one delivery of an object now, and answers what Accelo reported beside what arrived. */
export const POST = apiRoute({ params: subscriptionIdParamsSchema, body: dispatchSchema }, ({ params, body }) =>
  sendTestDelivery(params.id, body.objectId),
);
