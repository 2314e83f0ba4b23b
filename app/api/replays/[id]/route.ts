import { replayProgress } from "@/lib/forwarding/replays";
import { replayIdParamsSchema } from "@/lib/forwarding/schemas";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** How far a bulk replay has come: enqueued, sent, failed, still owed. */
export const GET = apiRoute({ params: replayIdParamsSchema }, async ({ params }) => ({
  replay: await replayProgress(params.id),
}));
