import { channelView, createChannel, listChannelViews } from "@/lib/alerts/channels";
import type { oneChannelSchema } from "@/lib/alerts/schemas";
import type { AnswerOf } from "@/lib/http/openapi/contract";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Every alert channel with its last error and retries; never its URL's token or its recipients. */
export const GET = apiRoute(API_ROUTES["GET /api/channels"], async () => ({ channels: await listChannelViews() }));

/** Adds a channel: a webhook's address is checked (no private ranges unless allowed), its target sealed. */
export const POST = apiRoute(API_ROUTES["POST /api/channels"], async ({ body }) =>
  Response.json({ channel: channelView(await createChannel(body)) } satisfies AnswerOf<typeof oneChannelSchema>, {
    status: 201,
  }),
);
