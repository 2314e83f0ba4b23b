import { listReplays, startReplay } from "@/lib/forwarding/replays";
import type { oneReplaySchema } from "@/lib/forwarding/schemas";
import type { AnswerOf } from "@/lib/http/openapi/contract";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The last 20 bulk replays with their progress. */
export const GET = apiRoute(API_ROUTES["GET /api/replays"], async () => ({ replays: await listReplays() }));

/** `dryRun: true` answers `{count}`; otherwise starts sending everything the filters match and answers its progress. */
export const POST = apiRoute(API_ROUTES["POST /api/replays"], async ({ body }) => {
  const started = await startReplay(body);
  return "count" in started
    ? started
    : Response.json({ replay: started } satisfies AnswerOf<typeof oneReplaySchema>, { status: 202 });
});
