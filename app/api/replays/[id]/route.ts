import { replayProgress } from "@/lib/forwarding/replays";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** How far a bulk replay has come: enqueued, sent, failed, still owed. */
export const GET = apiRoute(API_ROUTES["GET /api/replays/{id}"], async ({ params }) => ({
  replay: await replayProgress(params.id),
}));
