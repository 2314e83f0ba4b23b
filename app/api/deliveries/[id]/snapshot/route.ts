import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";
import { getDeliverySnapshot } from "@/lib/snapshots/delivery-snapshot";

export const GET = apiRoute(API_ROUTES["GET /api/deliveries/{id}/snapshot"], ({ params }) =>
  getDeliverySnapshot(params.id),
);
