import { countRecentFailures } from "@/lib/deliveries/list-deliveries";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

/** How many deliveries failed their signature check in the last 24 hours: the list's banner. */
export const GET = apiRoute(API_ROUTES["GET /api/deliveries/recent-failures"], () => countRecentFailures());
