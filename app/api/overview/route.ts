import { apiRoute } from "@/lib/http/route";
import { readOverview } from "@/lib/insights/overview";
import { overviewQuerySchema } from "@/lib/insights/overview-query";

/** The overview's figures for a range (24h, 7d, 30d, or from/to), read from the hourly rollups. */
export const GET = apiRoute({ query: overviewQuerySchema }, ({ query }) => readOverview(query));
