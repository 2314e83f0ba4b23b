import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";
import { refreshDeliveryResource } from "@/lib/snapshots/refresh";

/** Fetches the delivery's resource now and answers the new snapshot and what changed. */
export const POST = apiRoute(API_ROUTES["POST /api/deliveries/{id}/refresh"], ({ params }) =>
  refreshDeliveryResource(params.id),
);
