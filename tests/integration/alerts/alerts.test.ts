// Alerts on the provider of the run: each rule kind opens one incident and resolves it once,
// however often it is evaluated and by however many instances; each channel kind receives the
// message in its shape (a local HTTP sink for the webhook kinds, a local SMTP server for email);
// a failing channel is retried with backoff and its error shown; targets are sealed at rest.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as receive } from "../../../app/api/webhooks/accelo/route";
import { reserveApiRequest } from "../../../lib/accelo/budget";
import type { AcceloConfig } from "../../../lib/accelo/config";
import { checkConnection } from "../../../lib/accelo/connection";
import type { AcceloSubscription } from "../../../lib/accelo/subscriptions";
import { createChannel, listChannelViews } from "../../../lib/alerts/channels";
import { evaluateAlertRules } from "../../../lib/alerts/evaluate";
import { createRule } from "../../../lib/alerts/rules";
import type { NewChannel, RuleCondition } from "../../../lib/alerts/schemas";
import { alertRulesPage } from "../../../lib/alerts/views";
import { MAX_NOTIFICATION_ATTEMPTS, sendDueNotifications, sendTestNotification } from "../../../lib/alerts/worker";
import { db } from "../../../lib/db/client";
import { deliveryFiltersSchema } from "../../../lib/deliveries/filters";
import { insertSnapshot } from "../../../lib/snapshots/queries";
import { saveSubscription } from "../../../lib/subscriptions/store";
import { reconcileWithAccelo } from "../../../lib/subscriptions/watch";
import { type StandIn, startStandIn } from "../../../scripts/stand-in/start-stand-in";
import { type Sink, startSink } from "../forwarding/sink";
import { standInConfig } from "../snapshots/fixtures";
import { type SmtpSink, startSmtpSink } from "./smtp";

const SECRET = "alerts-webhook-secret";

/** Settings for the budget rule; no request is made to this origin. */
const budgetConfig = (apiOrigin: string, hourlyBudget: number): AcceloConfig => ({
  ...standInConfig({ origin: apiOrigin } as Pick<StandIn, "origin"> as StandIn),
  hourlyBudget,
});
const PUBLIC_URL = "https://monitor.example.com";
const MINUTE = 60_000;
let sink: Sink;
let smtp: SmtpSink;

beforeAll(async () => {
  [sink, smtp] = await Promise.all([startSink(), startSmtpSink()]);
});
afterAll(async () => {
  await Promise.all([sink.close(), smtp.close()]);
});
beforeEach(() => {
  process.env.ACCELO_WEBHOOK_SECRET = SECRET;
  process.env.FORWARD_ALLOW_PRIVATE_NETWORKS = "true";
  process.env.PUBLIC_URL = PUBLIC_URL;
  process.env.SMTP_URL = smtp.url;
  process.env.SMTP_FROM = "Monitor <monitor@example.com>";
  sink.requests.length = 0;
  sink.answers.length = 0;
  smtp.mails.length = 0;
});
afterEach(async () => {
  for (const name of ["FORWARD_ALLOW_PRIVATE_NETWORKS", "PUBLIC_URL", "SMTP_URL", "SMTP_FROM"])
    delete process.env[name];
  await db.alertRule.deleteMany();
  await db.alertChannel.deleteMany();
  await db.delivery.deleteMany();
  await db.subscription.deleteMany();
  await db.setting.deleteMany({ where: { key: "subscriptions.watch" } });
});

/** An unsigned delivery through the real receiver: stored with the verdict "missing". */
async function deliverUnsigned(event = "assign_task"): Promise<void> {
  const response = await receive(
    new Request("http://localhost/api/webhooks/accelo", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-accelo-event": event },
      body: `id=${Math.random()}`,
    }),
  );
  expect(response.status).toBe(401);
}

async function deliverSigned(event: string): Promise<void> {
  const { signBody } = await import("../../../lib/receiver/signature/sign");
  const body = `id=${Math.random()}`;
  const response = await receive(
    new Request("http://localhost/api/webhooks/accelo", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-accelo-event": event,
        "x-hub-signature": signBody(body, SECRET),
      },
      body,
    }),
  );
  expect(response.status).toBe(200);
}

const later = (ms: number) => new Date(Date.now() + ms);
const bodies = () => sink.requests.map((request) => JSON.parse(request.body.toString("utf8")));

async function sendAll(clock: () => Date = () => new Date()): Promise<void> {
  for (let round = 0; round < 10 && (await sendDueNotifications("worker-a", clock)) > 0; round++);
}

describe("each channel kind", () => {
  it("gets the opened and the resolved message in its own shape, with the reason, the source and the list link", async () => {
    const channels: NewChannel[] = [
      { kind: "webhook", name: "json", url: sink.url("/generic"), enabled: true },
      { kind: "slack", name: "slack", url: sink.url("/services/T000/B000/slack-token"), enabled: true },
      { kind: "teams", name: "teams", url: sink.url("/workflows/teams-token"), enabled: true },
      { kind: "email", name: "mail", to: ["ops@example.com", "oncall@example.com"], enabled: true },
    ];
    for (const channel of channels) await createChannel(channel);
    await createRule({
      name: "Unsigned traffic",
      condition: { kind: "signature_failures", threshold: 3, windowMinutes: 5, eventId: null },
      channels: null,
      enabled: true,
    });
    for (let i = 0; i < 3; i++) await deliverUnsigned();

    expect(await evaluateAlertRules(new Date())).toEqual({ opened: 1, resolved: 0 });
    expect(await evaluateAlertRules(new Date())).toEqual({ opened: 0, resolved: 0 });
    await sendAll();

    const byPath = (path: string) =>
      sink.requests.filter((request) => request.path === path).map((r) => JSON.parse(r.body.toString("utf8")));
    const [generic] = byPath("/generic");
    // The source as the receiver stored it (a request made in-process has no TCP peer).
    const { remoteAddress } = await db.delivery.findFirstOrThrow({ select: { remoteAddress: true } });
    const reason = `3 × no X-Hub-Signature header although a secret is set, from ${remoteAddress}`;
    expect(generic).toMatchObject({
      type: "alert.opened",
      event: "opened",
      rule: { name: "Unsigned traffic", kind: "signature_failures" },
      count: 3,
      reasons: [reason],
    });
    expect(generic.summary).toContain("3 deliveries failed the signature check in the last 5 minutes");
    const link = new URL(generic.link);
    expect(link.origin + link.pathname).toBe(`${PUBLIC_URL}/deliveries`);
    // The link is one the list accepts, narrowed to the failures of the window.
    expect(deliveryFiltersSchema.parse(link.searchParams)).toMatchObject({ verdict: ["invalid", "missing"] });

    const [slack] = byPath("/services/T000/B000/slack-token");
    expect(slack.text).toContain("*Alert: Unsigned traffic*");
    expect(slack.text).toContain("no X-Hub-Signature header");
    expect(slack.text).toContain(`<${generic.link}|See the deliveries>`);
    expect(slack.blocks[0]).toMatchObject({ type: "section", text: { type: "mrkdwn" } });

    const [teams] = byPath("/workflows/teams-token");
    expect(teams.type).toBe("message");
    const card = teams.attachments[0];
    expect(card.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(card.content.type).toBe("AdaptiveCard");
    expect(JSON.stringify(card.content.body)).toContain("no X-Hub-Signature header");
    expect(card.content.actions).toEqual([{ type: "Action.OpenUrl", title: "See the deliveries", url: generic.link }]);

    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail.to).toEqual(["ops@example.com", "oncall@example.com"]);
    expect(mail.text).toContain("Subject: Alert: Unsigned traffic");
    expect(mail.text).toContain("From: Monitor <monitor@example.com>");
    expect(mail.text).toContain(reason);
    expect(mail.text).toContain(generic.link);

    // Past the window the failures are behind it: resolved once, said once on every channel.
    expect(await evaluateAlertRules(later(6 * MINUTE))).toEqual({ opened: 0, resolved: 1 });
    expect(await evaluateAlertRules(later(6 * MINUTE))).toEqual({ opened: 0, resolved: 0 });
    await sendAll(() => later(6 * MINUTE));
    expect(sink.requests).toHaveLength(6);
    expect(byPath("/generic")[1]).toMatchObject({ type: "alert.resolved", event: "resolved" });
    expect(byPath("/generic")[1].summary).toMatch(/^Resolved after /);
    expect(byPath("/services/T000/B000/slack-token")[1].text).toContain("*Resolved: Unsigned traffic*");
    expect(JSON.stringify(byPath("/workflows/teams-token")[1])).toContain("Resolved: Unsigned traffic");
    expect(smtp.mails).toHaveLength(2);
    expect(smtp.mails[1].text).toContain("Subject: Resolved: Unsigned traffic");

    const page = await alertRulesPage();
    expect(page.rules[0].firing).toBeNull();
    expect(page.incidents).toHaveLength(1);
    expect(page.incidents[0].resolvedAt).not.toBeNull();
  });

  it("answers Send test with the outcome, and keeps a failure as the channel's last error", async () => {
    const good = await createChannel({ kind: "slack", name: "slack", url: sink.url("/ok"), enabled: true });
    const result = await sendTestNotification(good.id);
    expect(result).toMatchObject({ ok: true, detail: "Answered 200", channel: { lastError: null } });
    expect(bodies()[0].text).toContain("Test notification");

    sink.answers.push({ status: 404, body: "no_service" });
    const failed = await sendTestNotification(good.id);
    expect(failed.ok).toBe(false);
    expect(failed.detail).toBe("Answered 404: no_service");
    expect(failed.channel.lastError).toBe("Answered 404: no_service");

    delete process.env.SMTP_URL;
    const mail = await createChannel({ kind: "email", name: "mail", to: ["ops@example.com"], enabled: true });
    expect(await sendTestNotification(mail.id)).toMatchObject({
      ok: false,
      detail: "SMTP_URL is not set, so no email can be sent",
    });
    process.env.SMTP_URL = "mail.example.com";
    expect(await sendTestNotification(mail.id)).toMatchObject({
      ok: false,
      detail: expect.stringContaining("SMTP_URL must look like smtp://"),
    });
  });
});

describe("a failing channel", () => {
  it("is retried with backoff, shows its error and attempts, and stops at the last attempt", async () => {
    const channel = await createChannel({ kind: "webhook", name: "flaky", url: sink.url("/flaky"), enabled: true });
    await createRule({
      name: "Budget",
      condition: { kind: "api_budget", percent: 50 },
      channels: [channel.id],
      enabled: true,
    });
    const accelo = budgetConfig("http://budget.invalid", 2);
    await reserveApiRequest(accelo.apiOrigin, 2);
    expect(await evaluateAlertRules(new Date(), accelo)).toEqual({ opened: 1, resolved: 0 });

    sink.answers.push({ status: 503, body: "down" }, { status: 502 });
    await sendAll();
    let [view] = await listChannelViews();
    expect(view.lastError).toBe(`Answered 503: down (attempt 1 of ${MAX_NOTIFICATION_ATTEMPTS})`);
    expect(view).toMatchObject({ retrying: 1, maxAttempts: 1 });
    // Not again before its backoff (30 s ± 20 %).
    await sendAll(() => later(20_000));
    expect(sink.requests).toHaveLength(1);
    await sendAll(() => later(40_000));
    [view] = await listChannelViews();
    expect(sink.requests).toHaveLength(2);
    expect(view).toMatchObject({
      lastError: `Answered 502 (attempt 2 of ${MAX_NOTIFICATION_ATTEMPTS})`,
      maxAttempts: 2,
    });
    await sendAll(() => later(3 * MINUTE));
    [view] = await listChannelViews();
    expect(sink.requests).toHaveLength(3);
    expect(view).toMatchObject({ lastError: null, retrying: 0 });
    expect(view.lastSentAt).not.toBeNull();

    // Always refused: given up after the last attempt, the error kept.
    await db.alertNotification.updateMany({ data: { status: "pending", attempts: 0, runAfter: new Date() } });
    for (let i = 0; i < 10; i++) sink.answers.push({ status: 500 });
    for (let attempt = 1; attempt <= MAX_NOTIFICATION_ATTEMPTS + 1; attempt++)
      await sendAll(() => later(attempt * 10 * MINUTE));
    expect(sink.requests).toHaveLength(3 + MAX_NOTIFICATION_ATTEMPTS);
    [view] = await listChannelViews();
    expect(view.lastError).toBe(`Answered 500 (attempt ${MAX_NOTIFICATION_ATTEMPTS} of ${MAX_NOTIFICATION_ATTEMPTS})`);
    expect(await db.alertNotification.findFirst({ select: { status: true } })).toEqual({ status: "failed" });
  });

  it("is not retried after a 4xx, which will not change", async () => {
    const channel = await createChannel({ kind: "webhook", name: "gone", url: sink.url("/gone"), enabled: true });
    await createRule({
      name: "quiet",
      condition: { kind: "no_deliveries", hours: 1, eventId: null },
      channels: [channel.id],
      enabled: true,
    });
    await evaluateAlertRules(later(2 * 3600_000));
    sink.answers.push({ status: 410 });
    await sendAll(() => later(2 * 3600_000));
    await sendAll(() => later(4 * 3600_000));
    expect(sink.requests).toHaveLength(1);
    expect(await db.alertNotification.findFirst({ select: { status: true, attempts: true } })).toEqual({
      status: "failed",
      attempts: 1,
    });
  });
});

describe("each rule kind fires once and resolves once", () => {
  async function onceThenResolved(
    condition: RuleCondition,
    steps: { fire: () => Promise<unknown>; firedAt: Date; clear: () => Promise<unknown>; clearedAt: Date },
    accelo?: Parameters<typeof evaluateAlertRules>[1],
  ) {
    await createChannel({ kind: "webhook", name: "sink", url: sink.url(), enabled: true });
    await createRule({ name: condition.kind, condition, channels: null, enabled: true });
    expect(await evaluateAlertRules(new Date(), accelo)).toEqual({ opened: 0, resolved: 0 });
    await steps.fire();
    // Two instances evaluating at once: one incident between them.
    const both = await Promise.all([
      evaluateAlertRules(steps.firedAt, accelo),
      evaluateAlertRules(steps.firedAt, accelo),
    ]);
    expect(both.reduce((sum, { opened }) => sum + opened, 0)).toBe(1);
    expect(await evaluateAlertRules(steps.firedAt, accelo)).toEqual({ opened: 0, resolved: 0 });
    expect((await alertRulesPage()).rules[0].firing?.openedAt).toBe(steps.firedAt.toISOString());
    await steps.clear();
    expect(await evaluateAlertRules(steps.clearedAt, accelo)).toEqual({ opened: 0, resolved: 1 });
    expect(await evaluateAlertRules(steps.clearedAt, accelo)).toEqual({ opened: 0, resolved: 0 });
    // Messages are due from the moment they were owed, which the tests set ahead.
    await sendAll(() => new Date(Math.max(steps.firedAt.getTime(), steps.clearedAt.getTime(), Date.now())));
    const sent = bodies();
    expect(sent.map(({ type }) => type)).toEqual(["alert.opened", "alert.resolved"]);
    return sent[0] as { summary: string; reasons: string[]; link: string | null; count: number | null };
  }

  it("signature failures, with the reason and source", async () => {
    const now = new Date();
    const opened = await onceThenResolved(
      { kind: "signature_failures", threshold: 2, windowMinutes: 10, eventId: "assign_task" },
      {
        fire: async () => Promise.all([deliverUnsigned(), deliverUnsigned()]),
        firedAt: now,
        clear: async () => {},
        clearedAt: later(11 * MINUTE),
      },
    );
    expect(opened.count).toBe(2);
    expect(opened.reasons[0]).toContain("no X-Hub-Signature header");
  });

  it("no delivery of an event for H hours", async () => {
    const opened = await onceThenResolved(
      { kind: "no_deliveries", hours: 2, eventId: "assign_task" },
      {
        fire: async () => deliverSigned("update_task"),
        firedAt: later(3 * 3600_000),
        clear: () => deliverSigned("assign_task"),
        clearedAt: later(MINUTE),
      },
    );
    expect(opened.summary).toMatch(/^No assign_task delivery for [23] h \d+ min \(limit 2 h\)$/);
    expect(opened.link).toBe(`${PUBLIC_URL}/deliveries?event=assign_task`);
  });

  it("snapshot fetch failures, by reason", async () => {
    const snapshot = (error: string) =>
      insertSnapshot({
        resourceUrl: "x",
        resourceType: "tasks",
        resourceId: "1",
        trigger: "manual",
        durationMs: 1,
        error,
        errorMessage: error,
      });
    const opened = await onceThenResolved(
      { kind: "fetch_failures", threshold: 3, windowMinutes: 5 },
      {
        fire: () => Promise.all([snapshot("timeout"), snapshot("timeout"), snapshot("token_rejected")]),
        firedAt: new Date(),
        clear: async () => {},
        clearedAt: later(6 * MINUTE),
      },
    );
    expect(opened.reasons).toEqual([
      "2 × Accelo did not answer in time",
      expect.stringMatching(/^1 × Accelo rejected the access token/),
    ]);
  });

  it("API budget over P %", async () => {
    const accelo = budgetConfig("http://budget-rule.invalid", 4);
    const opened = await onceThenResolved(
      { kind: "api_budget", percent: 75 },
      {
        fire: async () => {
          for (let i = 0; i < 3; i++) await reserveApiRequest(accelo.apiOrigin, 4);
        },
        firedAt: new Date(),
        clear: async () => {},
        clearedAt: later(61 * MINUTE),
      },
      accelo,
    );
    expect(opened.summary).toContain("75 % of this hour's Accelo API budget is used (3 of 4");
  });

  it("a subscription that vanished", async () => {
    const id = "a".repeat(24);
    await saveSubscription({
      id,
      eventId: "assign_task",
      contentType: "application/json",
      triggerUrl: `${PUBLIC_URL}/api/webhooks/accelo`,
      secret: "sealed",
    });
    await db.subscription.update({ where: { id }, data: { createdAt: new Date(Date.now() - 3600_000) } });
    const listed = (ids: string[]) =>
      ids.map(
        (subscription_id) =>
          ({
            subscription_id,
            event_id: "assign_task",
            trigger_url: `${PUBLIC_URL}/api/webhooks/accelo`,
          }) as AcceloSubscription,
      );
    const opened = await onceThenResolved(
      { kind: "subscription_vanished" },
      {
        fire: () => reconcileWithAccelo(listed([]), new Date()),
        firedAt: new Date(),
        clear: () => reconcileWithAccelo(listed([id]), new Date()),
        clearedAt: new Date(),
      },
    );
    expect(opened.reasons[0]).toContain(`assign_task (${id}) missing since`);
  });

  it("a subscription whose secret is out of step", async () => {
    const id = "b".repeat(24);
    const listed = [
      {
        subscription_id: id,
        event_id: "assign_task",
        trigger_url: `${PUBLIC_URL}/api/webhooks/accelo`,
      } as AcceloSubscription,
    ];
    const opened = await onceThenResolved(
      { kind: "secret_out_of_step" },
      {
        fire: async () => {
          for (let i = 0; i < 3; i++) await deliverUnsigned("assign_task");
          await reconcileWithAccelo(listed, new Date());
        },
        firedAt: new Date(),
        clear: () => reconcileWithAccelo([], new Date()),
        clearedAt: new Date(),
      },
    );
    expect(opened.reasons[0]).toContain(`assign_task (${id}): 3 deliveries failed the signature check`);
  });

  it("the Accelo token about to expire", async () => {
    const expiring = await startStandIn({ tokenLifetimeSeconds: 2 * 86_400 });
    const lasting = await startStandIn({ tokenLifetimeSeconds: 60 * 86_400 });
    try {
      const opened = await onceThenResolved(
        { kind: "token_expiry" },
        {
          fire: () => checkConnection(standInConfig(expiring)),
          firedAt: new Date(),
          clear: () => checkConnection(standInConfig(lasting)),
          clearedAt: new Date(),
        },
      );
      expect(opened.summary).toMatch(/^The Accelo API token expires at /);
    } finally {
      await Promise.all([expiring.close(), lasting.close()]);
    }
  });
});

describe("channel targets", () => {
  it("are sealed in the row and never in what the API answers", async () => {
    const token = "T0001/B0002/XXXXXXXXXXXXXXXXXXXXXXXX";
    await createChannel({ kind: "slack", name: "slack", url: sink.url(`/services/${token}`), enabled: true });
    await createChannel({ kind: "email", name: "mail", to: ["secret-person@example.com"], enabled: true });
    const rows = await db.alertChannel.findMany({ omit: { target: false } });
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain(token);
    expect(raw).not.toContain("secret-person");
    expect(rows.map((row) => row.displayTarget)).toEqual([new URL(sink.url()).origin, "1 recipient"]);
    const answered = JSON.stringify(await listChannelViews());
    expect(answered).not.toContain(token);
    expect(answered).not.toContain("secret-person");
  });

  it("sealed under another key are said to be so, by Send test and on the channel, and nothing is sent", async () => {
    const channel = await createChannel({ kind: "webhook", name: "old", url: sink.url(), enabled: true });
    await createRule({
      name: "quiet",
      condition: { kind: "no_deliveries", hours: 1, eventId: null },
      channels: null,
      enabled: true,
    });
    process.env.APP_SECRET_KEY = "another-sealing-key-of-at-least-32-characters";
    try {
      await expect(sendTestNotification(channel.id)).rejects.toMatchObject({
        code: "conflict",
        message: expect.stringMatching(/sealed with another key .*delete the channel and add it again/),
      });
      await evaluateAlertRules(later(2 * 3600_000));
      await sendAll(() => later(2 * 3600_000));
      const [view] = await listChannelViews();
      expect(view.lastError).toMatch(/sealed with another key/);
      expect(sink.requests).toHaveLength(0);
    } finally {
      delete process.env.APP_SECRET_KEY;
    }
  });

  it("refuse a private address unless FORWARD_ALLOW_PRIVATE_NETWORKS allows it", async () => {
    delete process.env.FORWARD_ALLOW_PRIVATE_NETWORKS;
    await expect(
      createChannel({ kind: "webhook", name: "x", url: "http://127.0.0.1:9/hook", enabled: true }),
    ).rejects.toThrow(/FORWARD_ALLOW_PRIVATE_NETWORKS/);
  });
});
