import { z } from "zod";
import { deliveryIdSchema } from "@/lib/deliveries/id";
import { apiRoute } from "@/lib/http/route";
import { refreshDeliveryResource } from "@/lib/snapshots/refresh";

/** Fetches the delivery's resource now and answers the new snapshot and what changed. */
export const POST = apiRoute({ params: z.object({ id: deliveryIdSchema }) }, ({ params }) =>
  refreshDeliveryResource(params.id),
);
