import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it } from "vitest";
import DashboardLayout from "./layout";

function renderLayout(): string {
  return renderToStaticMarkup(DashboardLayout({ children: createElement("p", null, "page") }));
}

afterEach(() => {
  delete process.env.ACCELO_WEBHOOK_SECRET;
});

describe("the dashboard layout", () => {
  it("says deliveries are not verified, and how to fix it, when ACCELO_WEBHOOK_SECRET is unset", () => {
    delete process.env.ACCELO_WEBHOOK_SECRET;
    const html = renderLayout();
    expect(html).toMatch(/role="status"[^>]*data-secret-state="unset"/);
    expect(html).toContain("Deliveries are not being verified.");
    expect(html).toContain("No webhook secret is configured");
    expect(html).toContain("ACCELO_WEBHOOK_SECRET</code> to your Accelo subscription&#x27;s secret");
  });

  it("says the variable holds no secret when it is only commas and spaces", () => {
    process.env.ACCELO_WEBHOOK_SECRET = " , ,";
    const html = renderLayout();
    expect(html).toMatch(/data-secret-state="blank"/);
    expect(html).toContain("is set but holds no secret");
    expect(html).toContain("separate several with commas");
  });

  it("shows no such banner when a secret is configured, and still renders the page", () => {
    process.env.ACCELO_WEBHOOK_SECRET = "s3cret";
    const html = renderLayout();
    expect(html).not.toContain("not being verified");
    expect(html).not.toContain("data-secret-state");
    expect(html).toContain("<p>page</p>");
  });
});
