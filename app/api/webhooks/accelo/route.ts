import { scheduleFetch } from "@/lib/fetch-queue/schedule";
import { errorResponse } from "@/lib/http/error-response";
import type { AnswerOf } from "@/lib/http/openapi/contract";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";
import { receiveDelivery } from "@/lib/receiver/receive";
import type { receiverAnswerSchema } from "@/lib/receiver/schemas";
import { isSignatureFailure } from "@/lib/receiver/signature/verdicts";

// Accelo deletes a subscription that answers 410 and gives up on one that takes over 10 s: the
// receiver answers from what it stored and never lets bad input become a 5xx (lib/http maps a
// missing database to 503, the only 5xx it can give).
export const dynamic = "force-dynamic";

export const POST = apiRoute(API_ROUTES["POST /api/webhooks/accelo"], async ({ request }) => {
  const outcome = await receiveDelivery(request);
  if (outcome.kind === "refused") return errorResponse(outcome.error);
  // Only what did not fail the signature check may spend the API budget (observe-only accepts the rest).
  if (!isSignatureFailure(outcome.signature.verdict)) scheduleFetch(outcome.delivery);
  return Response.json(
    {
      id: outcome.delivery.id,
      verdict: outcome.signature.verdict,
      duplicateOf: outcome.delivery.duplicateOfId,
    } satisfies AnswerOf<typeof receiverAnswerSchema>,
    { status: outcome.status },
  );
});
