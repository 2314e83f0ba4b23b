import { listReplays, startReplay } from "@/lib/forwarding/replays";
import { bulkReplaySchema } from "@/lib/forwarding/schemas";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The last 20 bulk replays with their progress. */
export const GET = apiRoute({}, async () => ({ replays: await listReplays() }));

/** `dryRun: true` answers `{count}`; otherwise starts sending everything the filters match and answers its progress. */
export const POST = apiRoute({ body: bulkReplaySchema }, async ({ body }) => {
  const started = await startReplay(body);
  return "count" in started ? started : Response.json({ replay: started }, { status: 202 });
});
