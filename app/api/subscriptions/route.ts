import type { AnswerOf } from "@/lib/http/openapi/contract";
import { API_ROUTES } from "@/lib/http/openapi/routes";
import { apiRoute } from "@/lib/http/route";
import { createAppSubscription } from "@/lib/subscriptions/create";
import { subscriptionsOverview } from "@/lib/subscriptions/overview";
import type { createdSubscriptionSchema } from "@/lib/subscriptions/schemas";

export const dynamic = "force-dynamic";

/** Accelo's subscriptions and event types, each subscription's last day, and what the watch found. */
export const GET = apiRoute(API_ROUTES["GET /api/subscriptions"], () => subscriptionsOverview());

/** Creates a subscription to this app with a secret generated and sealed here; accepted at once. */
export const POST = apiRoute(API_ROUTES["POST /api/subscriptions"], async ({ body }) =>
  Response.json(
    { subscription: await createAppSubscription(body) } satisfies AnswerOf<typeof createdSubscriptionSchema>,
    { status: 201 },
  ),
);
