// Subscriptions made from the dashboard, end to end against the stand-in: the secret generated
// here is accepted at once, each delivery names its subscription, a test dispatch is matched to
// what arrived, the watch notices one Accelo deleted and one whose secret is out of step, and a
// deleted subscription's secret is refused once its grace period is over.
import { createHmac } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "../../../app/api/webhooks/accelo/route";
import { db } from "../../../lib/db/client";
import { deliveryFiltersSchema } from "../../../lib/deliveries/filters";
import { listDeliveries } from "../../../lib/deliveries/list-deliveries";
import { createAppSubscription } from "../../../lib/subscriptions/create";
import { deleteAppSubscription } from "../../../lib/subscriptions/delete";
import { subscriptionsOverview } from "../../../lib/subscriptions/overview";
import { openSubscriptionSecret, sealSubscriptionSecret } from "../../../lib/subscriptions/secret";
import { sendTestDelivery } from "../../../lib/subscriptions/send-test";
import { saveSubscription } from "../../../lib/subscriptions/store";
import { runSubscriptionWatch, subscriptionAlerts } from "../../../lib/subscriptions/watch";
import {
  STAND_IN_CLIENT_ID,
  STAND_IN_CLIENT_SECRET,
  type StandIn,
  startStandIn,
} from "../../../scripts/stand-in/start-stand-in";
import { type ServedRoute, serveRoute } from "../serve-route";

const GRACE_SECONDS = 1;
let standIn: StandIn;
let receiver: ServedRoute;
const savedEnv = { ...process.env };

beforeAll(async () => {
  standIn = await startStandIn();
  receiver = serveRoute(POST);
  await receiver.open();
  Object.assign(process.env, {
    ACCELO_API_BASE_URL: standIn.origin,
    ACCELO_CLIENT_ID: STAND_IN_CLIENT_ID,
    ACCELO_CLIENT_SECRET: STAND_IN_CLIENT_SECRET,
    PUBLIC_URL: receiver.origin(),
    SUBSCRIPTION_SECRET_GRACE_SECONDS: String(GRACE_SECONDS),
  });
  delete process.env.ACCELO_WEBHOOK_SECRET;
});
afterAll(async () => {
  process.env = savedEnv;
  await Promise.all([standIn.close(), receiver.close()]);
});

/** Posts a delivery the stand-in sent once again, byte for byte: what the receiver says of it now. */
async function postAgain(sent: { body: string; signature: string | null; contentType: string; eventId: string }) {
  const response = await fetch(`${receiver.origin()}/api/webhooks/accelo`, {
    method: "POST",
    headers: {
      "content-type": sent.contentType,
      "x-accelo-event": sent.eventId,
      ...(sent.signature && { "x-hub-signature": sent.signature }),
    },
    body: sent.body,
  });
  // Accepted: `{id, verdict}`; refused: the one error shape, the verdict in its details.
  const answer = (await response.json()) as { verdict?: string; error?: { details?: { verdict?: string } } };
  return { status: response.status, verdict: answer.verdict ?? answer.error?.details?.verdict };
}

const WATCH_NOW = 0;

describe("a subscription made from the dashboard", () => {
  it("is accepted at once, names each delivery, answers a test dispatch, and is filtered on", async () => {
    const made = await createAppSubscription({ eventId: "assign_task", contentType: "application/json" });
    expect(made).toMatchObject({ eventId: "assign_task", targetsThisApp: true, madeHere: true });
    expect(made.id).toMatch(/^[0-9a-f]{24}$/);

    // Sealed at rest: the row holds the secret the stand-in signs with only in sealed form.
    const row = await db.subscription.findUniqueOrThrow({ where: { id: made.id }, select: { secret: true } });
    expect(row.secret).toMatch(/^sealed:v1:/);

    const test = await sendTestDelivery(made.id, "42");
    expect(test.acceloStatus).toBe(200);
    expect(test.delivery).toMatchObject({ verdict: "valid", subscriptionId: made.id, responseStatus: 200 });
    expect(test.advice).toEqual([]);
    const sent = standIn.sentDeliveries().at(-1);
    const secret = openSubscriptionSecret(made.id, row.secret);
    if (!sent || secret === undefined) throw new Error("no delivery sent, or a secret that does not open");
    expect(sent.signature).toBe(createHmac("sha1", secret).update(sent.body).digest("hex"));
    expect(row.secret).not.toContain(secret);

    standIn.setObject("tasks", 42, { title: "Renamed" });
    await standIn.settled();
    const page = await listDeliveries(deliveryFiltersSchema.parse({ subscription: made.id }));
    expect(page.items.map((item) => item.signatureVerdict)).toEqual(["valid", "valid"]);

    const overview = await subscriptionsOverview();
    const listed = overview.subscriptions.find((subscription) => subscription.id === made.id);
    expect(listed).toMatchObject({ targetsThisApp: true, madeHere: true, secretOutOfStep: false });
    expect(listed?.last24h.valid).toBe(2);
    expect(overview.eventTypes.find((type) => type.eventId === "assign_task")?.subscribed).toBe(true);
    expect(overview.eventTypes.find((type) => type.eventId === "create_quote")?.subscribed).toBe(false);
  });

  it("says what to check when a test dispatch never arrives", async () => {
    const response = await fetch(`${standIn.origin}/__control/subscriptions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        event_id: "create_quote",
        trigger_url: "http://127.0.0.1:9/api/webhooks/accelo",
        secret: "elsewhere",
      }),
    });
    expect(response.ok).toBe(true);
    const elsewhere = standIn.subscriptions().find((subscription) => subscription.event_id === "create_quote");
    // Accelo gives up after 10 s, which the page waits for; a second says the same here.
    const result = await sendTestDelivery(elsewhere?.subscription_id ?? "", "7", 1000);
    expect(result.acceloStatus).toBe(0);
    expect(result.delivery).toBeNull();
    expect(result.waitedMs).toBeGreaterThanOrEqual(1000);
    expect(result.advice[0]).toMatch(/^Nothing reached this app within 1 s, though Accelo reported HTTP 0\./);
    expect(result.advice.join(" ")).toContain(receiver.origin());
    standIn.deleteSubscription(elsewhere?.subscription_id ?? "");
  });

  it("is seen vanished when Accelo deletes it, and one click recreates it", async () => {
    const made = await createAppSubscription({
      eventId: "update_issue",
      contentType: "application/x-www-form-urlencoded",
    });
    expect(standIn.deleteSubscription(made.id)).toBe(true);
    expect(await runSubscriptionWatch(new Date(), WATCH_NOW)).toBe("ran");
    expect((await subscriptionAlerts()).vanished.map(({ id }) => id)).toEqual([made.id]);

    const again = await createAppSubscription({
      eventId: "update_issue",
      contentType: "application/x-www-form-urlencoded",
      replaces: made.id,
    });
    expect(again.id).not.toBe(made.id);
    expect((await subscriptionAlerts()).vanished).toEqual([]);
  });

  it("is out of step when every delivery of a subscription to this app fails the signature check", async () => {
    const response = await fetch(`${standIn.origin}/__control/subscriptions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        event_id: "update_contact",
        trigger_url: `${receiver.origin()}/api/webhooks/accelo`,
        secret: "a secret this app was never told",
      }),
    });
    expect(response.ok).toBe(true);
    for (const id of [1, 2, 3]) standIn.setObject("contacts", id, { firstname: `Name ${id}` });
    await standIn.settled();
    expect(
      standIn
        .sentDeliveries()
        .slice(-3)
        .map(({ status }) => status),
    ).toEqual([401, 401, 401]);
    await runSubscriptionWatch(new Date(), WATCH_NOW);
    const { outOfStep } = await subscriptionAlerts();
    expect(outOfStep).toEqual([expect.objectContaining({ eventId: "update_contact", failures: 3, madeHere: false })]);
  });

  it("stops accepting a deleted subscription's secret after the grace period", async () => {
    const made = await createAppSubscription({ eventId: "create_task", contentType: "application/json" });
    await sendTestDelivery(made.id, "5");
    const sent = standIn.sentDeliveries().at(-1);
    if (!sent) throw new Error("the stand-in sent nothing");

    await deleteAppSubscription(made.id);
    expect(standIn.subscriptions().some(({ subscription_id }) => subscription_id === made.id)).toBe(false);
    expect(await postAgain(sent)).toEqual({ status: 200, verdict: "valid" });
    await sleep(GRACE_SECONDS * 1000 + 100);
    expect(await postAgain(sent)).toEqual({ status: 401, verdict: "invalid" });
  });
});

describe("a subscription made on another instance", () => {
  it("is accepted once this instance's list is a second old, without a restart", async () => {
    const body = JSON.stringify({ id: 9 });
    const post = (secret: string) =>
      postAgain({
        body,
        contentType: "application/json",
        eventId: "update_company",
        signature: createHmac("sha1", secret).update(body).digest("hex"),
      });
    // This instance reads its list now; the other instance's row comes after.
    expect((await post("not yet known")).verdict).toBe("invalid");
    await saveSubscription({
      id: "0123456789abcdef01234567",
      eventId: "update_company",
      contentType: "application/json",
      triggerUrl: `${receiver.origin()}/api/webhooks/accelo`,
      secret: sealSubscriptionSecret("made over there"),
    });
    await sleep(1100);
    expect(await post("made over there")).toEqual({ status: 200, verdict: "valid" });
    const stored = await db.delivery.findFirstOrThrow({ orderBy: { id: "desc" }, select: { subscriptionId: true } });
    expect(stored.subscriptionId).toBe("0123456789abcdef01234567");
  });
});
