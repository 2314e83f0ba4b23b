import { countRecentFailures } from "@/lib/deliveries/list-deliveries";
import { apiRoute } from "@/lib/http/route";

/** How many deliveries failed their signature check in the last 24 hours: the list's banner. */
export const GET = apiRoute({}, () => countRecentFailures());
