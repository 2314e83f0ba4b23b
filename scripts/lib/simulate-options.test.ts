import { describe, expect, it } from "vitest";
import { parseSimulateOptions, UsageError } from "./simulate-options";

const env: NodeJS.ProcessEnv = { NODE_ENV: "test", ACCELO_WEBHOOK_SECRET: " current , previous" };
const noSecret: NodeJS.ProcessEnv = { NODE_ENV: "test" };

describe("parseSimulateOptions", () => {
  it("defaults to a signed form assign_task delivery to the local receiver", () => {
    const options = parseSimulateOptions([], env);
    expect(options).toMatchObject({
      url: "http://localhost:3000/api/webhooks/accelo",
      event: "assign_task",
      resourceType: "tasks",
      apiBase: "https://demo.api.accelo.com",
      format: "form",
      algorithm: "sha1",
      prefixed: false,
      signing: "signed",
      secret: "current",
      sameId: false,
      count: 1,
      concurrency: 1,
    });
  });

  it("takes every choice from the command line", () => {
    const options = parseSimulateOptions(
      [
        "--url",
        "http://127.0.0.1:3200",
        "--event",
        "update_issue",
        "--id",
        "42",
        "--type",
        "issues",
        "--api-base",
        "http://127.0.0.1:3201",
        "--format",
        "json",
        "--algorithm",
        "sha256",
        "--prefixed",
        "--secret",
        "given",
        "--count",
        "5",
        "--concurrency",
        "3",
      ],
      env,
    );
    expect(options).toMatchObject({
      url: "http://127.0.0.1:3200/api/webhooks/accelo",
      event: "update_issue",
      firstId: 42,
      sameId: true,
      resourceType: "issues",
      apiBase: "http://127.0.0.1:3201",
      format: "json",
      algorithm: "sha256",
      prefixed: true,
      secret: "given",
      count: 5,
      concurrency: 3,
    });
  });

  it("sends a delete event without resource_url", () => {
    expect(parseSimulateOptions(["--delete"], env)).toMatchObject({ isDelete: true, event: "delete_invoice" });
  });

  it.each([
    [["--unsigned"], "unsigned"],
    [["--wrong-secret"], "wrong-secret"],
    [["--tamper"], "tampered"],
  ])("maps %s to the signing mode %s", (args, signing) => {
    expect(parseSimulateOptions(args, env)?.signing).toBe(signing);
  });

  it("sends unsigned, and says why, when no secret is configured", () => {
    const options = parseSimulateOptions([], noSecret);
    expect(options?.signing).toBe("unsigned");
    expect(options?.notice).toMatch(/ACCELO_WEBHOOK_SECRET is unset/);
  });

  it("never runs more senders than deliveries", () => {
    expect(parseSimulateOptions(["--count", "2", "--concurrency", "50"], env)?.concurrency).toBe(2);
  });

  it("returns nothing for --help", () => {
    expect(parseSimulateOptions(["--help"], env)).toBeUndefined();
  });

  it.each([
    [["--format", "xml"], /--format must be one of form, json/],
    [["--algorithm", "md5"], /--algorithm must be one of sha1, sha256, sha512/],
    [["--count", "0"], /--count must be a whole number/],
    [["--concurrency", "1.5"], /--concurrency must be a whole number/],
    [["--unsigned", "--tamper"], /choose one of --unsigned, --tamper/],
    [["--url", "ftp://example.test"], /--url must be an http\(s\) URL/],
    [["--nope"], /Unknown option/],
  ])("refuses %j", (args, message) => {
    expect(() => parseSimulateOptions(args, env)).toThrow(UsageError);
    expect(() => parseSimulateOptions(args, env)).toThrow(message);
  });

  it("refuses a wrong secret or tampering when there is no secret to spoil", () => {
    expect(() => parseSimulateOptions(["--tamper"], noSecret)).toThrow(/--tamper needs --secret/);
  });
});
