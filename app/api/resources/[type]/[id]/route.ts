import { apiRoute } from "@/lib/http/route";
import { resourceKeySchema } from "@/lib/snapshots/schemas";
import { getResourceTimeline } from "@/lib/snapshots/timeline";

export const GET = apiRoute({ params: resourceKeySchema }, ({ params }) => getResourceTimeline(params));
