import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";
import { getResourceTimeline } from "@/lib/snapshots/timeline";

export const GET = apiRoute(API_ROUTES["GET /api/resources/{type}/{id}"], ({ params }) => getResourceTimeline(params));
