import fs from "node:fs";
import { signBody } from "../../lib/receiver/signature/sign";
import { readCsvExport, readNdjsonExport } from "../export-files";
import { ACCELO_WEBHOOK_SECRET, expect, signIn, test } from "./fixtures";

// Filters the list through the page, downloads both exports through the page's links, and reads
// the files back: their rows are the rows the list shows. Other test files share the server's
// database, so this test's deliveries carry an event of their own.

// On SQLite only: the export's rows are proven equal to the list's on both providers in vitest
// (app/api/deliveries/export/route.test.ts); this proves the page's links.
test("exports what the filtered list shows, as CSV and as NDJSON", async ({ page, request }) => {
  const event = `e2e_export_${Date.now().toString(36)}`;
  for (const [index, signing] of ["valid", "invalid", "valid", "valid"].entries()) {
    const body = `id=${900_000_000 + index}&note=${encodeURIComponent('=1+1, "quoted"\n')}`;
    const headers = {
      "content-type": "application/x-www-form-urlencoded",
      "x-accelo-event": event,
      "x-hub-signature": signBody(body, signing === "valid" ? ACCELO_WEBHOOK_SECRET : "not-the-secret"),
    };
    await request.post("/api/webhooks/accelo", { headers, data: body });
  }

  await signIn(page);
  await page.goto("/deliveries");
  await page.getByRole("searchbox", { name: "Event id" }).fill(event);
  await expect(page).toHaveURL(new RegExp(`event=${event}`));
  await page.getByRole("button", { name: "Valid", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`event=${event}.*verdict=valid`));
  const rows = page.locator("[data-delivery-id]");
  await expect(rows).toHaveCount(3);
  const shown = (await rows.evaluateAll((links) => links.map((link) => link.getAttribute("data-delivery-id")))).map(
    Number,
  );

  for (const [name, read] of [
    ["Export CSV", readCsvExport],
    ["Export NDJSON", readNdjsonExport],
  ] as const) {
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^deliveries-\d{8}T\d{6}Z\.(csv|ndjson)$/);
    const exported = read(fs.readFileSync(await file.path(), "utf8"));
    expect(exported.map((row) => row.id)).toEqual(shown);
    expect(exported.every((row) => row.eventId === event && row.signatureVerdict === "valid")).toBe(true);
    expect(exported[0].body).toContain("note=");
  }
});
