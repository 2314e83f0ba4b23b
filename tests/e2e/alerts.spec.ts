import { type Sink, startSink } from "../integration/forwarding/sink";
import { expect, signIn, test } from "./fixtures";

// Alerts from the dashboard: a webhook channel added under Settings → Alerts answers Send test
// inline; a signature-failure rule fires once on unsigned deliveries, its notification reaching
// the sink with the reason and the list link, the incident shows on the page, and both resolve
// once the window has no failures. The servers evaluate every second
// (ALERT_EVALUATION_INTERVAL_SECONDS=1) and may post to 127.0.0.1 (playwright.config.ts).

interface Notification {
  type: string;
  summary: string;
  reasons: string[];
  link: string | null;
}

const notifications = (sink: Sink): Notification[] =>
  sink.requests.map((request) => JSON.parse(request.body.toString("utf8")) as Notification);

// On SQLite only: each rule kind and channel kind is proven on both providers in vitest
// (tests/integration/alerts/alerts.test.ts); this proves the page.
test.describe("alerts", () => {
  test("a channel is tested, a rule fires once with the reason and link, and resolves", async ({
    page,
    request,
  }, testInfo) => {
    test.setTimeout(60_000);
    const sink = await startSink();
    // An event of this project's own, so no other test's deliveries count towards the rule.
    const event = `alerts_e2e_${testInfo.project.name}`;
    try {
      await signIn(page);
      await page.goto("/settings/alerts");
      const channelForm = page.getByRole("form", { name: "New channel" });
      await channelForm.getByLabel("Name").fill("e2e sink");
      await channelForm.getByLabel(/^Incoming webhook URL/).fill(sink.url("/alerts"));
      await channelForm.getByRole("button", { name: "Add channel" }).click();
      const channel = page.locator("[data-channel-id]").filter({ hasText: "e2e sink" });
      await expect(channel).toContainText(new URL(sink.url()).origin);

      await channel.getByRole("button", { name: "Send test" }).click();
      await expect(channel.getByRole("status")).toHaveText("Test delivered: Answered 200");
      expect(notifications(sink).map(({ type }) => type)).toEqual(["alert.test"]);

      const ruleForm = page.getByRole("form", { name: "New rule" });
      await ruleForm.getByLabel("Name").fill("Unsigned e2e");
      await ruleForm.getByLabel("When").selectOption("signature_failures");
      await ruleForm.getByLabel("At least (N)").fill("2");
      await ruleForm.getByLabel("Within minutes (M)").fill("0.1");
      await ruleForm.getByLabel(/^Of the event/).fill(event);
      await ruleForm.getByLabel("e2e sink").check();
      await ruleForm.getByRole("button", { name: "Add rule" }).click();
      const rule = page.locator("[data-rule-id]").filter({ hasText: "Unsigned e2e" });
      await expect(rule.getByTestId("rule-state")).toHaveText("Quiet");

      for (let i = 0; i < 2; i++) {
        const answer = await request.post("/api/webhooks/accelo", {
          // The servers trust one proxy: this is the source the reason names.
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "x-accelo-event": event,
            "x-forwarded-for": "203.0.113.7",
          },
          data: `id=${i}`,
        });
        expect(answer.status()).toBe(401);
      }

      await expect.poll(() => notifications(sink).length, { timeout: 15_000 }).toBe(2);
      const opened = notifications(sink)[1];
      expect(opened.type).toBe("alert.opened");
      expect(opened.summary).toContain(`2 ${event} deliveries failed the signature check`);
      expect(opened.reasons).toEqual(["2 × no X-Hub-Signature header although a secret is set, from 203.0.113.7"]);
      const link = new URL(opened.link ?? "");
      expect(link.pathname).toBe("/deliveries");
      expect(link.searchParams.get("event")).toBe(event);
      expect(link.searchParams.get("verdict")).toBe("invalid,missing");

      await expect(rule.getByTestId("rule-state")).toHaveText("Firing");
      const incident = page.getByRole("list", { name: "Incidents" }).locator("li[data-incident-id]").first();
      await expect(incident).toContainText("Unsigned e2e");
      await expect(incident).toContainText("Open since");
      await expect(incident).toContainText("no X-Hub-Signature header");
      await expect(incident.getByRole("link", { name: "See the deliveries" })).toHaveAttribute(
        "href",
        `${link.pathname}${link.search}`,
      );

      // Six seconds on, the window holds no failure: resolved once, on the sink and the page.
      await expect
        .poll(() => notifications(sink).map(({ type }) => type), { timeout: 20_000 })
        .toEqual(["alert.test", "alert.opened", "alert.resolved"]);
      await expect(rule.getByTestId("rule-state")).toHaveText("Quiet");
      await expect(incident).toContainText("Resolved");
    } finally {
      await sink.close();
    }
  });
});
