import { z } from "zod";
import { getDelivery } from "@/lib/deliveries/get-delivery";
import { deliveryIdSchema } from "@/lib/deliveries/id";
import { apiRoute } from "@/lib/http/route";

export const GET = apiRoute({ params: z.object({ id: deliveryIdSchema }) }, ({ params }) => getDelivery(params.id));
