import { z } from "zod";
import { deliveryIdSchema } from "@/lib/deliveries/id";
import { apiRoute } from "@/lib/http/route";
import { getDeliverySnapshot } from "@/lib/snapshots/delivery-snapshot";

export const GET = apiRoute({ params: z.object({ id: deliveryIdSchema }) }, ({ params }) =>
  getDeliverySnapshot(params.id),
);
