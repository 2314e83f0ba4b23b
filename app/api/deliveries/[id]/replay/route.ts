import type { replayJobSchema } from "@/lib/forwarding/schemas";
import { replayDelivery } from "@/lib/forwarding/views";
import type { AnswerOf } from "@/lib/http/openapi/contract";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Sends the delivery to one destination again; the attempt shows with the others. */
export const POST = apiRoute(API_ROUTES["POST /api/deliveries/{id}/replay"], async ({ params, body }) =>
  Response.json((await replayDelivery(params.id, body.destinationId)) satisfies AnswerOf<typeof replayJobSchema>, {
    status: 202,
  }),
);
