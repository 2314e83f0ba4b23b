import { getDelivery } from "@/lib/deliveries/get-delivery";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const GET = apiRoute(API_ROUTES["GET /api/deliveries/{id}"], ({ params }) => getDelivery(params.id));
