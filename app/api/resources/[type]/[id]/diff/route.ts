import { apiRoute } from "@/lib/http/route";
import { resourceKeySchema, snapshotPairSchema } from "@/lib/snapshots/schemas";
import { compareSnapshots } from "@/lib/snapshots/timeline";

export const GET = apiRoute({ params: resourceKeySchema, query: snapshotPairSchema }, ({ params, query }) =>
  compareSnapshots(params, query.from, query.to),
);
