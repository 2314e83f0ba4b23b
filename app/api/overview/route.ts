import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";
import { readOverview } from "@/lib/insights/overview";

export const dynamic = "force-dynamic";

/** The overview's figures for a range (24h, 7d, 30d, or from/to), read from the hourly rollups. */
export const GET = apiRoute(API_ROUTES["GET /api/overview"], ({ query }) => readOverview(query));
