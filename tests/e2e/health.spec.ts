import { expect, test } from "@playwright/test";

// Smoke test of the harness itself: the production build started, migrated and answers.
test("GET /api/health answers ok", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
});
