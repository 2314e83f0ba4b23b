import { withApiErrors } from "@/lib/api/respond";
import { compareSnapshots } from "@/lib/snapshots/resource-timeline";
import { resourceKeySchema, snapshotPairSchema } from "@/lib/snapshots/snapshot-schemas";

export const GET = withApiErrors(async (request: Request, { params }: { params: Promise<{ type: string; id: string }> }) => {
  const resource = resourceKeySchema.parse(await params);
  const { from, to } = snapshotPairSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await compareSnapshots(resource, from, to));
});
