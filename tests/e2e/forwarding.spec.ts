import http from "node:http";
import type { AddressInfo } from "node:net";
import { signBody } from "../../lib/receiver/signature/sign";
import { ACCELO_WEBHOOK_SECRET, expect, signIn, test } from "./fixtures";

// Forwarding from the dashboard: a destination added under Settings gets each matching delivery
// with its exact bytes and headers, the delivery's page lists the attempts, and Send again sends
// it once more. The sink is a server of this test's own on 127.0.0.1, which the e2e servers may
// reach because they run with FORWARD_ALLOW_PRIVATE_NETWORKS=true (playwright.config.ts).

interface Received {
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

async function startSink() {
  const received: Received[] = [];
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    received.push({ headers: request.headers, body: Buffer.concat(chunks) });
    response.writeHead(200, { "content-type": "text/plain" });
    response.end("thanks from the sink");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// On SQLite only: forwarding, its retries and Send again are proven on both providers in vitest
// (tests/integration/forwarding/); this proves the pages.
test.describe("forwarding", () => {
  test("a destination gets the exact delivery, the page shows the attempt, Send again sends it once more", async ({
    page,
    request,
  }, testInfo) => {
    test.setTimeout(90_000);
    const sink = await startSink();
    // An event of this project's own, so no other test's deliveries go to this sink.
    const event = `forward_e2e_${testInfo.project.name}`;
    try {
      await signIn(page);
      await page.goto("/settings/destinations");
      const form = page.getByRole("form", { name: "New destination" });
      await form.getByLabel("Name").fill("e2e sink");
      await form.getByLabel("URL").fill(sink.url);
      await form.getByLabel(/^Events/).fill(event);
      await form.getByLabel(/^Signing secret/).fill("e2e-destination-secret");
      await form.getByRole("button", { name: "Add destination" }).click();
      const item = page.locator("[data-destination-id]").filter({ hasText: "e2e sink" });
      await expect(item).toContainText("Forwarding");
      await expect(item).toContainText(event);

      const body = `id=77&resource_url=${encodeURIComponent("https://acme.api.accelo.com/api/v0/tasks/77")}&x=%E2%9C%93`;
      const answer = await request.post("/api/webhooks/accelo", {
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-accelo-event": event,
          "x-hub-signature": signBody(body, ACCELO_WEBHOOK_SECRET),
        },
        data: body,
      });
      expect(answer.status()).toBe(200);
      const { id } = (await answer.json()) as { id: number };

      await expect.poll(() => sink.received.length, { timeout: 20_000 }).toBe(1);
      const [first] = sink.received;
      expect(first.body.toString()).toBe(body);
      expect(first.headers["x-hub-signature"]).toBe(signBody(body, ACCELO_WEBHOOK_SECRET));
      expect(first.headers["x-accelo-event"]).toBe(event);
      expect(first.headers["x-accelo-monitor-delivery"]).toBe(String(id));
      expect(first.headers["x-monitor-signature"]).toMatch(/^sha256=[0-9a-f]{64}$/);

      await page.goto(`/deliveries/${id}`);
      const section = page.locator("section#forwarding");
      const destination = section.locator("[data-forwarding-destination]").filter({ hasText: "e2e sink" });
      await expect(destination.getByTestId("forwarding-status")).toHaveText("Delivered");
      const attempts = destination.getByRole("table", { name: "Attempts to e2e sink" });
      await expect(attempts.getByRole("row")).toHaveCount(2);
      await expect(attempts).toContainText("200");
      await expect(attempts).toContainText("thanks from the sink");

      await destination.getByRole("button", { name: "Send again" }).click();
      await expect.poll(() => sink.received.length, { timeout: 20_000 }).toBe(2);
      expect(sink.received[1].body.toString()).toBe(body);
      await expect(attempts.getByRole("row")).toHaveCount(3, { timeout: 10_000 });
      await page.screenshot({ path: testInfo.outputPath("forwarding.png"), fullPage: true });

      await page.goto("/settings/destinations");
      await expect(item.getByTestId("destination-stats")).toContainText("100 % of 2 attempts answered 2xx in 24 h");
      await item.getByRole("button", { name: "Delete" }).click();
      await item.getByRole("button", { name: "Delete destination" }).click();
      await expect(item).toHaveCount(0);
    } finally {
      await sink.close();
    }
  });

  test("Replay matching sends everything the filters match, not just the page, with its progress", async ({
    page,
    request,
  }, testInfo) => {
    test.setTimeout(90_000);
    const sink = await startSink();
    const event = `bulk_e2e_${testInfo.project.name}`;
    try {
      await signIn(page);
      await page.goto("/settings/destinations");
      const form = page.getByRole("form", { name: "New destination" });
      await form.getByLabel("Name").fill(`bulk sink ${testInfo.project.name}`);
      await form.getByLabel("URL").fill(sink.url);
      // It takes no live deliveries: only the replay sends it anything.
      await form.getByLabel(/^Events/).fill("no_live_event");
      await form.getByRole("button", { name: "Add destination" }).click();
      const item = page.locator("[data-destination-id]").filter({ hasText: `bulk sink ${testInfo.project.name}` });
      await expect(item).toContainText("Forwarding");

      const sent = 60;
      for (let index = 0; index < sent; index++) {
        const body = `id=${index}`;
        const answer = await request.post("/api/webhooks/accelo", {
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "x-accelo-event": event,
            "x-hub-signature": signBody(body, ACCELO_WEBHOOK_SECRET),
          },
          data: body,
        });
        expect(answer.status()).toBe(200);
      }

      // A page of 50 shows; the replay covers all 60.
      await page.goto(`/deliveries?event=${event}`);
      await page.getByRole("button", { name: "Replay matching…" }).click();
      const panel = page.getByRole("region", { name: "Replay matching deliveries" });
      await panel.getByLabel("Send to").selectOption({ label: `bulk sink ${testInfo.project.name}` });
      await panel.getByRole("button", { name: `Send ${sent} deliveries` }).click();
      await expect(panel.getByTestId("replay-progress")).toHaveText(
        `Finished: ${sent} of ${sent} sent to bulk sink ${testInfo.project.name}`,
        { timeout: 30_000 },
      );
      expect(new Set(sink.received.map((received) => received.body.toString())).size).toBe(sent);
      await page.screenshot({ path: testInfo.outputPath("bulk-replay.png"), fullPage: true });

      await page.goto("/settings/destinations");
      await item.getByRole("button", { name: "Delete" }).click();
      await item.getByRole("button", { name: "Delete destination" }).click();
      await expect(item).toHaveCount(0);
    } finally {
      await sink.close();
    }
  });
});
