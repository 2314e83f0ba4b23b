import { apiRoute } from "@/lib/http/route";
import { createAppSubscription } from "@/lib/subscriptions/create";
import { subscriptionsOverview } from "@/lib/subscriptions/overview";
import { newSubscriptionSchema } from "@/lib/subscriptions/schemas";

export const dynamic = "force-dynamic";

/** Accelo's subscriptions and event types, each subscription's last day, and what the watch found. */
export const GET = apiRoute({}, () => subscriptionsOverview());

/** Creates a subscription to this app with a secret generated and sealed here; accepted at once. */
export const POST = apiRoute({ body: newSubscriptionSchema }, async ({ body }) =>
  Response.json({ subscription: await createAppSubscription(body) }, { status: 201 }),
);
