import { z } from "zod";
import { deliveryIdSchema } from "@/lib/deliveries/id";
import { deliveryForwarding } from "@/lib/forwarding/views";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Each destination's attempts at this delivery: time, status, duration, the answer's start, next retry. */
export const GET = apiRoute({ params: z.object({ id: deliveryIdSchema }) }, ({ params }) =>
  deliveryForwarding(params.id),
);
