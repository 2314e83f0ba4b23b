import { withApiErrors } from "@/lib/api/respond";
import { RECENT_FAILURES_FILTERS, TIME_RANGE_PRESETS } from "@/lib/deliveries/delivery-filters";
import { countRecentFailures } from "@/lib/deliveries/list-deliveries";

/** How many deliveries failed their signature check lately: the list's banner. */
export const GET = withApiErrors(async () => {
  const since = new Date(Date.now() - TIME_RANGE_PRESETS[RECENT_FAILURES_FILTERS.range]);
  return Response.json(await countRecentFailures(since));
});
