import { alertIdParamsSchema } from "@/lib/alerts/schemas";
import { sendTestNotification } from "@/lib/alerts/worker";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Sends a test message through the channel now and answers how it went (a failure is a 200 with ok: false). */
export const POST = apiRoute({ params: alertIdParamsSchema }, async ({ params }) => sendTestNotification(params.id));
