import { describe, expect, it } from "vitest";
import { receiverConfig, webhookSecretState } from "./config";

describe("receiverConfig", () => {
  it("reads every comma-separated secret, in order, without the spaces around them", () => {
    expect(receiverConfig({ ACCELO_WEBHOOK_SECRET: " current , previous,third" }).secrets).toEqual([
      "current",
      "previous",
      "third",
    ]);
  });

  it("keeps spaces inside a secret and skips empty entries between commas", () => {
    expect(receiverConfig({ ACCELO_WEBHOOK_SECRET: ",,one secret,, ,two" }).secrets).toEqual(["one secret", "two"]);
  });

  it.each([
    ["unset", undefined],
    ["empty", ""],
    ["spaces", "   "],
    ["commas and spaces", " , ,, "],
  ])("has no secret when the variable is %s", (_, value) => {
    expect(receiverConfig({ ACCELO_WEBHOOK_SECRET: value }).secrets).toEqual([]);
  });

  it("reads the body limit and observe-only mode, with their defaults", () => {
    expect(receiverConfig({})).toMatchObject({ maxBodyBytes: 1024 * 1024, observeOnly: false });
    expect(receiverConfig({ WEBHOOK_MAX_BODY_BYTES: "2048", WEBHOOK_OBSERVE_ONLY: "true" })).toMatchObject({
      maxBodyBytes: 2048,
      observeOnly: true,
    });
  });
});

describe("webhookSecretState", () => {
  it("is configured when the variable holds at least one secret", () => {
    expect(webhookSecretState({ ACCELO_WEBHOOK_SECRET: "s3cret" })).toBe("configured");
    expect(webhookSecretState({ ACCELO_WEBHOOK_SECRET: " , s3cret ," })).toBe("configured");
  });

  it("is unset when the variable is absent", () => {
    expect(webhookSecretState({})).toBe("unset");
  });

  it.each(["", " ", ",", " , ,, ", "\t,\n"])("is blank when the variable is set to %j", (value) => {
    expect(webhookSecretState({ ACCELO_WEBHOOK_SECRET: value })).toBe("blank");
  });

  it("agrees with the receiver on whether there is a secret to check", () => {
    for (const value of [undefined, "", " , ", "a", " a , b "]) {
      const env = { ACCELO_WEBHOOK_SECRET: value };
      expect(webhookSecretState(env) === "configured").toBe(receiverConfig(env).secrets.length > 0);
    }
  });

  it("does not depend on the receiver's other settings being valid", () => {
    expect(webhookSecretState({ ACCELO_WEBHOOK_SECRET: "", WEBHOOK_MAX_BODY_BYTES: "lots" })).toBe("blank");
  });
});
