import { channelView, deleteChannel, updateChannel } from "@/lib/alerts/channels";
import { alertIdParamsSchema, channelChangeSchema } from "@/lib/alerts/schemas";
import { DomainError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Renames a channel, or turns it off and on. */
export const PATCH = apiRoute({ params: alertIdParamsSchema, body: channelChangeSchema }, async ({ params, body }) => ({
  channel: channelView(await updateChannel(params.id, body)),
}));

/** Deletes a channel and the notifications it was still owed. */
export const DELETE = apiRoute({ params: alertIdParamsSchema }, async ({ params }) => {
  if (!(await deleteChannel(params.id))) throw new DomainError("not_found", `No channel with id ${params.id}`);
  return new Response(null, { status: 204 });
});
