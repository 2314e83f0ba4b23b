import { exportStream } from "@/lib/deliveries/export-deliveries";
import { exportHeaders, exportQuerySchema } from "@/lib/deliveries/export-format";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Every delivery the list's filters match, streamed as NDJSON or CSV (?format=ndjson|csv). */
export const GET = apiRoute({ query: exportQuerySchema }, async ({ query }) => {
  const now = new Date();
  return new Response(exportStream(query, query.format, now), { headers: exportHeaders(query.format, now) });
});
