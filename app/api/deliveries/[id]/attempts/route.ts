import { deliveryForwarding } from "@/lib/forwarding/views";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Each destination's attempts at this delivery: time, status, duration, the answer's start, next retry. */
export const GET = apiRoute(API_ROUTES["GET /api/deliveries/{id}/attempts"], ({ params }) =>
  deliveryForwarding(params.id),
);
