import { scheduleFetch } from "@/lib/fetch-queue/schedule";
import { errorResponse, withApiErrors } from "@/lib/http/respond";
import { receiveDelivery } from "@/lib/receiver/receive";

// Accelo deletes a subscription that answers 410 and gives up on one that takes over 10 s: the
// receiver answers from what it stored and never lets bad input become a 5xx (lib/api maps a
// missing database to 503, the only 5xx it can give).
export const dynamic = "force-dynamic";

export const POST = withApiErrors(async (request: Request) => {
  const outcome = await receiveDelivery(request);
  scheduleFetch(outcome.delivery);
  if (outcome.kind === "refused") return errorResponse(outcome.error);
  return Response.json(
    {
      id: outcome.delivery.id,
      verdict: outcome.signature.verdict,
      duplicateOf: outcome.delivery.duplicateOfId,
    },
    { status: outcome.status },
  );
});
