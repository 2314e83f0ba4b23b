import { DomainError } from "@/lib/errors";
import { deleteDestination, updateDestination } from "@/lib/forwarding/destinations";
import { destinationChangeSchema, destinationIdParamsSchema } from "@/lib/forwarding/schemas";
import { destinationView } from "@/lib/forwarding/views";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Changes a destination; `enabled: true` resumes one the monitor paused. */
export const PATCH = apiRoute(
  { params: destinationIdParamsSchema, body: destinationChangeSchema },
  async ({ params, body }) => ({
    destination: destinationView(await updateDestination(params.id, body)),
  }),
);

/** Deletes a destination and what it was still owed. */
export const DELETE = apiRoute({ params: destinationIdParamsSchema }, async ({ params }) => {
  if (!(await deleteDestination(params.id))) throw new DomainError("not_found", `No destination with id ${params.id}`);
  return new Response(null, { status: 204 });
});
