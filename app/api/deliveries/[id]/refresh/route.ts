import { z } from "zod";
import { deliveryIdSchema } from "@/lib/deliveries/id";
import { withApiErrors } from "@/lib/http/respond";
import { refreshDeliveryResource } from "@/lib/snapshots/refresh";

const paramsSchema = z.object({ id: deliveryIdSchema });

/** Fetches the delivery's resource now and answers the new snapshot and what changed. */
export const POST = withApiErrors(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = paramsSchema.parse(await params);
  return Response.json(await refreshDeliveryResource(id));
});
