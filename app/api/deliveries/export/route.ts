import { exportStream } from "@/lib/deliveries/export-deliveries";
import { exportHeaders } from "@/lib/deliveries/export-format";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Every delivery the list's filters match, streamed as NDJSON or CSV (?format=ndjson|csv). */
export const GET = apiRoute(API_ROUTES["GET /api/deliveries/export"], async ({ query }) => {
  const now = new Date();
  return new Response(exportStream(query, query.format, now), { headers: exportHeaders(query.format, now) });
});
