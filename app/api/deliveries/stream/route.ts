import { deliveryStream, streamStart } from "@/lib/deliveries/stream";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Server-sent events, one per delivery as it arrives; resumes after Last-Event-ID (npm run listen). */
export const GET = apiRoute(API_ROUTES["GET /api/deliveries/stream"], async ({ request, query }) => {
  const start = await streamStart(query, request.headers.get("last-event-id"));
  return new Response(deliveryStream(start, query, request.signal), {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      // Buffering proxies (nginx) would hold events back.
      "x-accel-buffering": "no",
    },
  });
});
