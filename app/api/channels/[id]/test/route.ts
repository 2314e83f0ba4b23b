import { sendTestNotification } from "@/lib/alerts/worker";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Sends a test message through the channel now and answers how it went (a failure is a 200 with ok: false). */
export const POST = apiRoute(API_ROUTES["POST /api/channels/{id}/test"], async ({ params }) =>
  sendTestNotification(params.id),
);
