import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { APIRequestContext, Page, TestInfo } from "@playwright/test";
import { signBody } from "../../lib/receiver/signature/sign";
import { ACCELO_WEBHOOK_SECRET, expect, signIn, test } from "./fixtures";

// Deliveries are seeded the way Accelo sends them: signed POSTs to the running receiver.

interface Delivery {
  body: string | Buffer;
  contentType?: string;
  event?: string;
  /** The signing secret; another one makes the signature invalid. */
  secret?: string;
}

async function deliver(
  request: APIRequestContext,
  { body, contentType = "application/json", event = "assign_task", secret = ACCELO_WEBHOOK_SECRET }: Delivery,
): Promise<number> {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const response = await request.post("/api/webhooks/accelo", {
    headers: { "content-type": contentType, "x-accelo-event": event, "x-hub-signature": signBody(bytes, secret) },
    data: bytes,
  });
  const answer = (await response.json()) as { id?: number; error?: { details?: { id?: number } } };
  // A refused delivery is stored too; its id comes in the error's details.
  const id = answer.id ?? answer.error?.details?.id;
  if (typeof id !== "number")
    throw new Error(`The receiver stored nothing: ${response.status()} ${JSON.stringify(answer)}`);
  return id;
}

/** Object ids no other test file uses, so "other deliveries of this object" are this test's own. */
function uniqueObjectId(): number {
  return 900_000_000 + Math.floor(Math.random() * 99_999_999);
}

function taskUrl(objectId: number): string {
  return `https://acme.api.accelo.com/api/v0/tasks/${objectId}`;
}

async function openDelivery(page: Page, id: number): Promise<void> {
  await page.goto(`/deliveries/${id}`);
  await expect(page.getByRole("heading", { level: 1, name: `Delivery #${id}` })).toBeVisible();
}

/** A full-page screenshot written beside the test's results, where CI keeps it as an artifact. */
async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/** The banner a failed signature raises (Next's route announcer is an alert too). */
function failureBanner(page: Page) {
  return page.getByRole("alert").filter({ hasText: "signature" });
}

/** The delivery id in the address bar, once a click has moved it away from `from`. */
async function idAfterLeaving(page: Page, from: number): Promise<number> {
  await expect(page).not.toHaveURL(new RegExp(`/deliveries/${from}$`));
  return Number(new URL(page.url()).pathname.split("/").at(-1));
}

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("a JSON delivery: summary, JSON tree, exact raw body, marked Accelo headers, valid signature", async ({
  page,
  request,
}, testInfo) => {
  const objectId = uniqueObjectId();
  const body = `{"id": ${objectId}, "resource_url": "${taskUrl(objectId)}", "extra": {"big": 12345678901234567890, "flags": [true, null]}}`;
  const id = await deliver(request, { body });
  await openDelivery(page, id);

  const summary = page.getByRole("region", { name: "Summary" });
  await expect(summary).toContainText("assign_task");
  await expect(summary).toContainText(`tasks #${objectId}`);
  await expect(summary).toContainText(taskUrl(objectId));

  const tree = page.getByTestId("json-tree");
  await expect(tree).toContainText('"resource_url"');
  await expect(tree).toContainText(`"${taskUrl(objectId)}"`);
  // JSON.parse would have shown 12345678901234567000.
  await expect(tree).toContainText("12345678901234567890");
  await tree.getByRole("button", { name: 'Collapse "extra"' }).click();
  await expect(tree).toContainText("… 2 keys");
  await expect(tree).not.toContainText('"flags"');

  await page.getByRole("tab", { name: "Raw body" }).click();
  expect(await page.getByTestId("raw-body").textContent()).toBe(body);

  const headers = page.getByRole("table", { name: "Request headers" });
  await expect(headers.getByRole("row", { name: /x-accelo-event Accelo assign_task/ })).toBeVisible();
  await expect(headers.getByRole("row", { name: /x-hub-signature Accelo/ })).toBeVisible();
  await expect(headers.locator("tr[data-accelo]")).toHaveCount(2);

  const signature = page.getByRole("region", { name: "Signature" });
  await expect(signature.getByText("Valid", { exact: true })).toBeVisible();
  await expect(signature).toContainText("SHA-1, from the digest length: 40 hex characters = SHA-1");
  await expect(signature).toContainText("secret #1 of 1 in ACCELO_WEBHOOK_SECRET");
  await expect(failureBanner(page)).toHaveCount(0);

  await keepScreenshot(page, testInfo, "delivery-detail");
});

test("a form delivery shows its fields decoded", async ({ page, request }) => {
  const objectId = uniqueObjectId();
  const body = new URLSearchParams({ id: String(objectId), resource_url: taskUrl(objectId) }).toString();
  const id = await deliver(request, { body, contentType: "application/x-www-form-urlencoded", event: "update_task" });
  await openDelivery(page, id);

  const fields = page.getByRole("table", { name: "Decoded form fields" });
  await expect(fields.getByRole("row", { name: `id ${objectId}` })).toBeVisible();
  await expect(fields.getByRole("row", { name: `resource_url ${taskUrl(objectId)}` })).toBeVisible();
  await page.getByRole("tab", { name: "Raw body" }).click();
  await expect(page.getByTestId("raw-body")).toHaveText(body);
  expect(body).toContain("https%3A%2F%2F");
});

test("an invalid signature is explained in plain words", async ({ page, request }, testInfo) => {
  const objectId = uniqueObjectId();
  const body = `{"id": ${objectId}, "resource_url": "${taskUrl(objectId)}"}`;
  const id = await deliver(request, { body, secret: "not-the-configured-secret" });
  await openDelivery(page, id);

  await expect(failureBanner(page)).toContainText("The signature does not prove this delivery came from Accelo.");
  const signature = page.getByRole("region", { name: "Signature" });
  await expect(signature.getByText("Invalid", { exact: true })).toBeVisible();
  await expect(page.getByTestId("signature-reason")).toHaveText(
    `the digest is 40 hex characters (SHA-1) but the one configured secret does not produce it over the ${Buffer.byteLength(body)} received bytes; ` +
      "the body may have been re-encoded by a proxy, or the subscription uses another secret.",
  );
  await expect(signature).toContainText(signBody(body, "not-the-configured-secret"));
  await expect(page.getByRole("region", { name: "Summary" })).toContainText("401");

  await keepScreenshot(page, testInfo, "delivery-detail-invalid-signature");
});

test.describe("the copied curl command replays the delivery byte for byte", { tag: "@postgresql" }, () => {
  test.use({ permissions: ["clipboard-read", "clipboard-write"] });
  // Two round trips through the receiver and a shell on top of the page itself.
  test.slow();

  const bodies: [string, () => { body: Buffer; contentType: string }][] = [
    [
      "a JSON body with quotes, newlines, unicode and shell syntax",
      () => {
        const objectId = uniqueObjectId();
        const text = `{"id": ${objectId},\n "resource_url": "${taskUrl(objectId)}",\n "note": "it's \\"ok\\" — $HOME \`id\` !! é"}`;
        return { body: Buffer.from(text), contentType: "application/json" };
      },
    ],
    [
      "a body that is not UTF-8",
      () => ({
        body: Buffer.from([0x69, 0x64, 0x3d, 0x31, 0x00, 0xff, 0xfe, 0x27, 0x0d, 0x0a]),
        contentType: "application/octet-stream",
      }),
    ],
  ];

  for (const [name, make] of bodies) {
    test(name, async ({ page, request }) => {
      const { body, contentType } = make();
      const originalId = await deliver(request, { body, contentType });
      await openDelivery(page, originalId);

      await page.getByRole("button", { name: "Copy curl command" }).click();
      await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
      // Reading the clipboard needs a focused document; another worker's page may hold focus.
      await page.bringToFront();
      const command = await page.evaluate(() => navigator.clipboard.readText());
      expect(command).toBe(await page.getByTestId("curl-command").textContent());

      // The page says the command is for these three; each must send the same bytes.
      for (const shell of ["bash", "zsh", "fish"]) {
        const { stdout } = await promisify(execFile)(shell, ["-c", `${command} --silent`]);
        const answer = JSON.parse(stdout) as { id?: number; error?: { details?: { id?: number } } };
        const replayId = answer.id ?? answer.error?.details?.id;
        expect(replayId, shell).toBeGreaterThan(originalId);

        const replay = await page.request.get(`/api/deliveries/${replayId}`);
        expect(replay.status()).toBe(200);
        const detail = (await replay.json()) as {
          body: { base64: string };
          signature: { verdict: string };
          eventId: string;
        };
        expect(Buffer.from(detail.body.base64, "base64").equals(body), shell).toBe(true);
        expect(detail.signature.verdict, shell).toBe("valid");
        expect(detail.eventId, shell).toBe("assign_task");
      }
    });
  }
});

test("a hostile body and header stay inert text", async ({ page, request }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const objectId = uniqueObjectId();
  const script = "<script>window.__xss=1</script>";
  const image = `<img src=x onerror="window.__xss=2">`;
  const link = "javascript:window.__xss=3;alert(document.domain)";
  const body = JSON.stringify({ id: objectId, note: script, html: image, resource_url: link });
  const event = "<img src=x onerror=alert(4)>";
  const id = await deliver(request, { body, event });
  await openDelivery(page, id);

  await expect(page.getByTestId("json-tree")).toContainText(script);
  await expect(page.getByTestId("json-tree")).toContainText(`"<img src=x onerror=\\"window.__xss=2\\">"`);
  await expect(page.getByRole("region", { name: "Summary" })).toContainText(link);
  await expect(page.getByRole("heading", { level: 1 }).locator("..")).toContainText(event);
  await page.getByRole("tab", { name: "Raw body" }).click();
  await expect(page.getByTestId("raw-body")).toHaveText(body);
  await page.getByRole("tab", { name: "JSON tree" }).click();

  // Give any injected handler the chance to run before judging.
  await page.waitForLoadState("networkidle");
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('a[href^="javascript:"]')).toHaveCount(0);
  await expect(page.locator("script", { hasText: "__xss" })).toHaveCount(0);
});

test("an event id too long for its column is cut, said so on the page, and kept whole in the headers", async ({
  page,
  request,
}, testInfo) => {
  const objectId = uniqueObjectId();
  const event = `assign_task_${"x".repeat(3_000)}`;
  const id = await deliver(request, { body: JSON.stringify({ id: objectId, resource_url: taskUrl(objectId) }), event });
  await openDelivery(page, id);

  await expect(page.getByRole("note", { name: "How this delivery was stored" })).toContainText(
    "Too long for its column, the event shown here was cut",
  );
  await expect(page.getByRole("region", { name: "Headers" })).toContainText(event);
  // The header line says what the database holds (counted at most 15 s ago).
  await expect(page.getByRole("banner")).toContainText(/[\d.]+ (bytes|KB|MB|GB) · [\d,]+ deliver(y|ies)/);
  await keepScreenshot(page, testInfo, "delivery-detail-cut-to-fit");
});

test("previous and next step through deliveries in the order they arrived", async ({ page, request }) => {
  const objectId = uniqueObjectId();
  const ids: number[] = [];
  for (const event of ["create_task", "assign_task", "update_task"]) {
    ids.push(await deliver(request, { body: `{"id": ${objectId}, "resource_url": "${taskUrl(objectId)}"}`, event }));
  }
  const [first, middle, last] = ids;
  await openDelivery(page, middle);

  // Another test file may deliver in between: the step lands on the next one in time, whichever.
  await page.getByRole("link", { name: "Older" }).click();
  const older = await idAfterLeaving(page, middle);
  expect(older).toBeGreaterThanOrEqual(first);
  expect(older).toBeLessThan(middle);
  await page.getByRole("link", { name: "Newer" }).click();
  await expect(page).toHaveURL(new RegExp(`/deliveries/${middle}$`));

  await page.getByRole("link", { name: "Newer" }).click();
  const newer = await idAfterLeaving(page, middle);
  expect(newer).toBeGreaterThan(middle);
  expect(newer).toBeLessThanOrEqual(last);

  // The other deliveries of the same task are linked from each of them.
  await openDelivery(page, last);
  const related = page.getByRole("region", { name: "Other deliveries of this object" });
  await expect(related.getByRole("link")).toHaveCount(2);
  await related.getByRole("link", { name: new RegExp(`#${first}`) }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Delivery #${first}` })).toBeVisible();
});

test("an unknown or malformed id is a 404 page and a 404 or 400 answer", async ({ page }) => {
  const response = await page.goto("/deliveries/2147483000");
  expect(response?.status()).toBe(404);
  expect((await page.request.get("/api/deliveries/2147483000")).status()).toBe(404);
  const malformed = await page.request.get("/api/deliveries/1e3");
  expect(malformed.status()).toBe(400);
  expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe("bad_request");
});
