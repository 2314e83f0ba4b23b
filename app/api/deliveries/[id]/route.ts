import { z } from "zod";
import { getDelivery } from "@/lib/deliveries/get-delivery";
import { deliveryIdSchema } from "@/lib/deliveries/id";
import { withApiErrors } from "@/lib/http/respond";

const paramsSchema = z.object({ id: deliveryIdSchema });

export const GET = withApiErrors(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = paramsSchema.parse(await params);
  return Response.json(await getDelivery(id));
});
