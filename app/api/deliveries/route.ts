import { deliveryFiltersSchema } from "@/lib/deliveries/filters";
import { listDeliveries } from "@/lib/deliveries/list-deliveries";
import { withApiErrors } from "@/lib/http/respond";

/** One page of the delivery list: the filters, cursor and limit of lib/deliveries/delivery-filters.ts. */
export const GET = withApiErrors(async (request: Request) => {
  const filters = deliveryFiltersSchema.parse(new URL(request.url).searchParams);
  return Response.json(await listDeliveries(filters));
});
