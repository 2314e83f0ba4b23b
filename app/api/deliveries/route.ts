import { deliveryFiltersSchema } from "@/lib/deliveries/filters";
import { listDeliveries } from "@/lib/deliveries/list-deliveries";
import { apiRoute } from "@/lib/http/route";

/** One page of the delivery list: the filters, cursor and limit of lib/deliveries/filters.ts. */
export const GET = apiRoute({ query: deliveryFiltersSchema }, ({ query }) => listDeliveries(query));
