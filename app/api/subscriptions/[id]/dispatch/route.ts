import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";
import { sendTestDelivery } from "@/lib/subscriptions/send-test";

export const dynamic = "force-dynamic";

/** Has Accelo send one delivery of an object now, and answers what Accelo reported beside what arrived. */
export const POST = apiRoute(API_ROUTES["POST /api/subscriptions/{id}/dispatch"], ({ params, body }) =>
  sendTestDelivery(params.id, body.objectId),
);
