import { listDeliveries } from "@/lib/deliveries/list-deliveries";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

/** One page of the delivery list: the filters, cursor and limit of lib/deliveries/filters.ts. */
export const GET = apiRoute(API_ROUTES["GET /api/deliveries"], ({ query }) => listDeliveries(query));
