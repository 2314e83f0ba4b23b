import { describe, expect, it } from "vitest";
import { readReceiverAnswer } from "./receiver-answer";

describe("readReceiverAnswer", () => {
  it("reads the stored id and verdict of an acknowledged delivery", () => {
    expect(readReceiverAnswer(200, '{"id":17,"verdict":"valid","duplicateOf":null}')).toEqual({
      status: 200,
      id: 17,
      outcome: "valid",
    });
  });

  it("names the earlier delivery a duplicate repeats", () => {
    expect(readReceiverAnswer(200, '{"id":18,"verdict":"unverified","duplicateOf":17}').outcome).toBe(
      "unverified, duplicate of 17",
    );
  });

  it("reads the stored id and reason of a refused signature", () => {
    const body = JSON.stringify({
      error: {
        code: "invalid_signature",
        message: "The signature does not match",
        details: { id: 19, verdict: "invalid", reason: "no_secret_matches" },
      },
    });
    expect(readReceiverAnswer(401, body)).toEqual({
      status: 401,
      id: 19,
      outcome: "invalid_signature (invalid: no_secret_matches)",
    });
  });

  it("falls back to the message when an error carries no details", () => {
    const body = '{"error":{"code":"database_unavailable","message":"The database is unavailable"}}';
    expect(readReceiverAnswer(503, body)).toEqual({
      status: 503,
      outcome: "database_unavailable (The database is unavailable)",
    });
  });

  it("quotes an answer that is not the receiver's JSON", () => {
    expect(readReceiverAnswer(502, "<html>Bad gateway</html>").outcome).toBe(
      "unexpected answer: <html>Bad gateway</html>",
    );
  });
});
