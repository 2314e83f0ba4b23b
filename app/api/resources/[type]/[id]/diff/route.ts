import { withApiErrors } from "@/lib/http/respond";
import { resourceKeySchema, snapshotPairSchema } from "@/lib/snapshots/schemas";
import { compareSnapshots } from "@/lib/snapshots/timeline";

export const GET = withApiErrors(
  async (request: Request, { params }: { params: Promise<{ type: string; id: string }> }) => {
    const resource = resourceKeySchema.parse(await params);
    const { from, to } = snapshotPairSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    return Response.json(await compareSnapshots(resource, from, to));
  },
);
