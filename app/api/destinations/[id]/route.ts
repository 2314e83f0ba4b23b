import { DomainError } from "@/lib/errors";
import { deleteDestination, updateDestination } from "@/lib/forwarding/destinations";
import { destinationView } from "@/lib/forwarding/views";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Changes a destination; `enabled: true` resumes one the monitor paused. */
export const PATCH = apiRoute(API_ROUTES["PATCH /api/destinations/{id}"], async ({ params, body }) => ({
  destination: destinationView(await updateDestination(params.id, body)),
}));

/** Deletes a destination and what it was still owed. */
export const DELETE = apiRoute(API_ROUTES["DELETE /api/destinations/{id}"], async ({ params }) => {
  if (!(await deleteDestination(params.id))) throw new DomainError("not_found", `No destination with id ${params.id}`);
  return new Response(null, { status: 204 });
});
