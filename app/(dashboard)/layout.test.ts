import { createElement } from "react";
import { prerender } from "react-dom/static";
import { afterEach, describe, expect, it } from "vitest";
import { forgetSubscriptionSecrets } from "@/lib/subscriptions/accepted-secrets";
import { sealSubscriptionSecret } from "@/lib/subscriptions/secret";
import { saveSubscription } from "@/lib/subscriptions/store";
import DashboardLayout from "./layout";

/** The layout's whole HTML, once its async parts (the header's storage line) have rendered. */
async function renderLayout(): Promise<string> {
  const { prelude } = await prerender(DashboardLayout({ children: createElement("p", null, "page") }));
  return new Response(prelude).text();
}

afterEach(() => {
  delete process.env.ACCELO_WEBHOOK_SECRET;
});

describe("the dashboard layout", () => {
  it("says deliveries are not verified, and how to fix it, when ACCELO_WEBHOOK_SECRET is unset", async () => {
    delete process.env.ACCELO_WEBHOOK_SECRET;
    const html = await renderLayout();
    expect(html).toMatch(/role="status"[^>]*data-secret-state="unset"/);
    expect(html).toContain("Deliveries are not being verified.");
    expect(html).toContain("No webhook secret is configured");
    expect(html).toContain("ACCELO_WEBHOOK_SECRET</code> to your Accelo subscription&#x27;s secret");
  });

  it("says the variable holds no secret when it is only commas and spaces", async () => {
    process.env.ACCELO_WEBHOOK_SECRET = " , ,";
    const html = await renderLayout();
    expect(html).toMatch(/data-secret-state="blank"/);
    expect(html).toContain("is set but holds no secret");
    expect(html).toContain("separate several with commas");
  });

  it("shows no such banner when a secret is configured, and still renders the page", async () => {
    process.env.ACCELO_WEBHOOK_SECRET = "s3cret";
    const html = await renderLayout();
    expect(html).not.toContain("not being verified");
    expect(html).not.toContain("data-secret-state");
    expect(html).toContain("<p>page</p>");
    // The header says what the database holds: this test file's database is empty.
    expect(html.replaceAll("<!-- -->", "")).toContain(" · 0 deliveries · Keeping every delivery");
  });

  it("takes a subscription made here for a secret: its deliveries are verified", async () => {
    delete process.env.ACCELO_WEBHOOK_SECRET;
    await saveSubscription({
      id: "aaaaaaaaaaaaaaaaaaaaaaaa",
      eventId: "assign_task",
      contentType: "application/json",
      triggerUrl: "https://monitor.example.com/api/webhooks/accelo",
      secret: sealSubscriptionSecret("made here"),
    });
    forgetSubscriptionSecrets();
    const html = await renderLayout();
    expect(html).not.toContain("not being verified");
    expect(html).toContain("<p>page</p>");
  });
});
