import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { register } from "../../instrumentation";

// register() is what Next runs once as a server process starts; this runs it against this file's
// database, with no Accelo API configured, so it starts no background work.

beforeEach(() => {
  process.env.NEXT_RUNTIME = "nodejs";
  // The generated dashboard password is printed on the first run; it is not what is tested here.
  vi.spyOn(console, "log").mockImplementation(() => {});
});

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.NEXT_RUNTIME;
  delete process.env.ACCELO_WEBHOOK_SECRET;
});

async function warningsAboutTheSecret(): Promise<string[]> {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  await register();
  return warn.mock.calls.map((call) => String(call[0])).filter((line) => line.includes("ACCELO_WEBHOOK_SECRET"));
}

describe("server start", () => {
  it.each(["", "  ", " , ,"])(
    "warns once that ACCELO_WEBHOOK_SECRET=%j verifies nothing, and what to do",
    async (value) => {
      process.env.ACCELO_WEBHOOK_SECRET = value;
      const warnings = await warningsAboutTheSecret();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/is set but holds no secret .*deliveries are not verified/);
      expect(warnings[0]).toMatch(/Set it to your Accelo subscription's secret \(several separated by commas\)/);
    },
  );

  it("says nothing about the secret when it is unset (a choice the README documents) or holds one", async () => {
    delete process.env.ACCELO_WEBHOOK_SECRET;
    expect(await warningsAboutTheSecret()).toEqual([]);
    process.env.ACCELO_WEBHOOK_SECRET = "s3cret";
    expect(await warningsAboutTheSecret()).toEqual([]);
  });
});
