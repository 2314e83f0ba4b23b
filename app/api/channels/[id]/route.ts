import { channelView, deleteChannel, updateChannel } from "@/lib/alerts/channels";
import { DomainError } from "@/lib/errors";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Renames a channel, or turns it off and on. */
export const PATCH = apiRoute(API_ROUTES["PATCH /api/channels/{id}"], async ({ params, body }) => ({
  channel: channelView(await updateChannel(params.id, body)),
}));

/** Deletes a channel and the notifications it was still owed. */
export const DELETE = apiRoute(API_ROUTES["DELETE /api/channels/{id}"], async ({ params }) => {
  if (!(await deleteChannel(params.id))) throw new DomainError("not_found", `No channel with id ${params.id}`);
  return new Response(null, { status: 204 });
});
