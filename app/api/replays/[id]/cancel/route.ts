import { cancelReplay } from "@/lib/forwarding/replays";
import { replayIdParamsSchema } from "@/lib/forwarding/schemas";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Stops a bulk replay: nothing more is enqueued, what is owed and unsent is dropped. */
export const POST = apiRoute({ params: replayIdParamsSchema }, async ({ params }) => ({
  replay: await cancelReplay(params.id),
}));
