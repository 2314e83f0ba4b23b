// The Accelo client's subscription calls against the stand-in, which keeps subscriptions and sends
// real deliveries as Accelo does: what the app will use to create, list, test and delete them.
import { afterEach, describe, expect, it } from "vitest";
import { createAcceloClient } from "../../../lib/accelo/client";
import { tokenInfo } from "../../../lib/accelo/connection";
import type { AcceloApiError } from "../../../lib/accelo/errors";
import {
  createSubscription,
  deleteSubscription,
  dispatchToSubscription,
  listEventTypes,
  listSubscriptions,
} from "../../../lib/accelo/subscriptions";
import { type StandIn, type StandInOptions, startStandIn } from "../../../scripts/stand-in/start-stand-in";
import { standInConfig } from "../snapshots/fixtures";

const started: StandIn[] = [];
async function standInWith(options: StandInOptions = {}): Promise<StandIn> {
  const standIn = await startStandIn(options);
  started.push(standIn);
  return standIn;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((standIn) => standIn.close()));
});

async function failure(promise: Promise<unknown>): Promise<AcceloApiError> {
  try {
    await promise;
  } catch (error) {
    return error as AcceloApiError;
  }
  throw new Error("expected the call to fail");
}

const TRIGGER_URL = "http://127.0.0.1:9/api/webhooks/accelo";

describe("subscription calls", () => {
  it("creates a subscription, lists it with the event types, and deletes it", async () => {
    const standIn = await standInWith();
    const client = createAcceloClient(standInConfig(standIn));
    const created = await createSubscription(client, {
      eventId: "assign_task",
      contentType: "application/json",
      triggerUrl: TRIGGER_URL,
      secret: "a-generated-secret",
    });
    expect(created).toMatchObject({
      event_id: "assign_task",
      trigger_url: TRIGGER_URL,
      content_type: "application/json",
    });
    expect(created.subscription_id).toMatch(/^[0-9a-f]{24}$/);

    expect((await listSubscriptions(client)).map((subscription) => subscription.subscription_id)).toEqual([
      created.subscription_id,
    ]);
    expect((await listEventTypes(client)).map((type) => type.event_id)).toContain("update_request_status");
    await deleteSubscription(client, created.subscription_id);
    expect(await listSubscriptions(client)).toEqual([]);
    const again = await failure(deleteSubscription(client, created.subscription_id));
    expect(again.code).toBe("object_gone");
  });

  it("dispatches and answers the status the receiver gave (here none: nothing listens)", async () => {
    const standIn = await standInWith();
    const client = createAcceloClient(standInConfig(standIn));
    const { subscription_id } = await createSubscription(client, {
      eventId: "assign_task",
      contentType: "application/x-www-form-urlencoded",
      triggerUrl: TRIGGER_URL,
      secret: "s",
    });
    expect(await dispatchToSubscription(client, subscription_id, "42")).toBe(0);
    expect(standIn.sentDeliveries()).toHaveLength(1);
  });

  it("reads who the token belongs to and when it expires", async () => {
    const standIn = await standInWith({ tokenLifetimeSeconds: 3600 });
    const info = await tokenInfo(createAcceloClient(standInConfig(standIn)));
    expect(info).toMatchObject({ deployment: "stand-in", user_firstname: "Stand" });
    expect(info.expires).toBeGreaterThan(Date.now() / 1000 + 3500);
  });

  it("renews a revoked token once and goes on", async () => {
    const standIn = await standInWith();
    const client = createAcceloClient(standInConfig(standIn));
    await listSubscriptions(client);
    standIn.revokeTokens();
    await expect(listSubscriptions(client)).resolves.toEqual([]);
    expect(standIn.tokenRequests()).toBe(2);
  });

  it("says 401 is a rejected token, without retrying forever", async () => {
    const standIn = await standInWith();
    standIn.setFault({ kind: "unauthorized" });
    const error = await failure(listSubscriptions(createAcceloClient(standInConfig(standIn))));
    expect(error).toMatchObject({ code: "token_rejected", httpStatus: 401 });
    expect(standIn.tokenRequests()).toBe(2);
  });

  it("says 429 is a rate limit and when to come back, from Retry-After and the reset header", async () => {
    const standIn = await standInWith();
    standIn.setFault({ kind: "rate_limited", resetInSeconds: 120, times: 1 });
    const error = await failure(listEventTypes(createAcceloClient(standInConfig(standIn))));
    expect(error.code).toBe("rate_limited");
    expect(error.retryAt?.getTime()).toBeGreaterThan(Date.now() + 100_000);
  });

  it("reads the status word when HTTP statuses are suppressed: errors are not taken for answers", async () => {
    const standIn = await standInWith({ suppressHttpStatus: true });
    const client = createAcceloClient(standInConfig(standIn));
    expect(await listSubscriptions(client)).toEqual([]);

    standIn.setFault({ kind: "rate_limited", resetInSeconds: 60, times: 1 });
    const limited = await failure(listSubscriptions(client));
    expect(limited).toMatchObject({ code: "rate_limited", httpStatus: 200 });

    // A refused token comes as 200 invalid_client: renewed once, then the call succeeds.
    standIn.revokeTokens();
    await expect(listSubscriptions(client)).resolves.toEqual([]);
    expect(standIn.tokenRequests()).toBe(2);

    const gone = await failure(deleteSubscription(client, "0123456789abcdef01234567"));
    expect(gone).toMatchObject({ code: "object_gone", httpStatus: 200 });
  });
});
