import { cancelReplay } from "@/lib/forwarding/replays";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Stops a bulk replay: nothing more is enqueued, what is owed and unsent is dropped. */
export const POST = apiRoute(API_ROUTES["POST /api/replays/{id}/cancel"], async ({ params }) => ({
  replay: await cancelReplay(params.id),
}));
