import { channelView, createChannel, listChannelViews } from "@/lib/alerts/channels";
import { newChannelSchema } from "@/lib/alerts/schemas";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Every alert channel with its last error and retries; never its URL's token or its recipients. */
export const GET = apiRoute({}, async () => ({ channels: await listChannelViews() }));

/** Adds a channel: a webhook's address is checked (no private ranges unless allowed), its target sealed. */
export const POST = apiRoute({ body: newChannelSchema }, async ({ body }) =>
  Response.json({ channel: channelView(await createChannel(body)) }, { status: 201 }),
);
