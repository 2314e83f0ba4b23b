import { withApiErrors } from "@/lib/api/respond";
import { getResourceTimeline } from "@/lib/snapshots/resource-timeline";
import { resourceKeySchema } from "@/lib/snapshots/snapshot-schemas";

export const GET = withApiErrors(async (_request: Request, { params }: { params: Promise<{ type: string; id: string }> }) => {
  return Response.json(await getResourceTimeline(resourceKeySchema.parse(await params)));
});
