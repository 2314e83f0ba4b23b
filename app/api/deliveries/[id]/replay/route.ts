import { z } from "zod";
import { deliveryIdSchema } from "@/lib/deliveries/id";
import { replaySchema } from "@/lib/forwarding/schemas";
import { replayDelivery } from "@/lib/forwarding/views";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Sends the delivery to one destination again; the attempt shows with the others. */
export const POST = apiRoute(
  { params: z.object({ id: deliveryIdSchema }), body: replaySchema },
  async ({ params, body }) => Response.json(await replayDelivery(params.id, body.destinationId), { status: 202 }),
);
