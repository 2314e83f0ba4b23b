import { describe, expect, it } from "vitest";
import { alertsConfig, smtpConfig } from "./config";

describe("alert settings", () => {
  it("evaluate every minute unless told, and link from PUBLIC_URL without its trailing slash", () => {
    expect(alertsConfig({})).toEqual({ evaluationIntervalMs: 60_000, publicUrl: undefined });
    expect(alertsConfig({ ALERT_EVALUATION_INTERVAL_SECONDS: "2", PUBLIC_URL: "https://m.example.com/" })).toEqual({
      evaluationIntervalMs: 2000,
      publicUrl: "https://m.example.com",
    });
    expect(() => alertsConfig({ ALERT_EVALUATION_INTERVAL_SECONDS: "0" })).toThrow();
  });

  it("read SMTP_URL at each send, saying what is wrong with a malformed one", () => {
    expect(smtpConfig({ SMTP_URL: "" })).toEqual({ url: undefined, from: "Accelo Webhook Monitor <alerts@localhost>" });
    expect(smtpConfig({ SMTP_URL: "smtps://u:p@mail.example.com:465", SMTP_FROM: "ops@example.com" })).toEqual({
      url: "smtps://u:p@mail.example.com:465",
      from: "ops@example.com",
    });
    expect(() => smtpConfig({ SMTP_URL: "mail.example.com" })).toThrow(/SMTP_URL must look like smtp:\/\//);
  });
});
