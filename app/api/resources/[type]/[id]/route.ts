import { withApiErrors } from "@/lib/http/respond";
import { resourceKeySchema } from "@/lib/snapshots/schemas";
import { getResourceTimeline } from "@/lib/snapshots/timeline";

export const GET = withApiErrors(
  async (_request: Request, { params }: { params: Promise<{ type: string; id: string }> }) => {
    return Response.json(await getResourceTimeline(resourceKeySchema.parse(await params)));
  },
);
