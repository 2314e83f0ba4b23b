import { countRecentFailures } from "@/lib/deliveries/list-deliveries";
import { withApiErrors } from "@/lib/http/respond";

/** How many deliveries failed their signature check in the last 24 hours: the list's banner. */
export const GET = withApiErrors(async () => Response.json(await countRecentFailures()));
