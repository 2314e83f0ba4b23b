import { describe, expect, it } from "vitest";
import { LOGIN_SCHEDULE, LoginThrottle } from "./login-throttle";

const start = Date.UTC(2026, 0, 1);

function attempts(throttle: LoginThrottle, key: string, count: number, at = start) {
  return Array.from({ length: count }, () => throttle.attempt(key, at));
}

describe("LoginThrottle", () => {
  it("lets five attempts through, then waits 1 s, 2 s, 4 s … up to 15 minutes", () => {
    const throttle = new LoginThrottle();
    expect(LOGIN_SCHEDULE.freeAttempts).toBe(5);
    expect([1, 2, 3, 4, 10, 11, 20].map((n) => throttle.delayAfter(n))).toEqual([
      1_000, 2_000, 4_000, 8_000, 512_000, 900_000, 900_000,
    ]);
  });

  it("refuses an address while it must wait, and says for how long", () => {
    const throttle = new LoginThrottle();
    expect(attempts(throttle, "a", 6).every((verdict) => verdict.kind === "allowed")).toBe(true);
    expect(throttle.attempt("a", start + 400)).toEqual({ kind: "throttled", retryAfterMs: 600 });
    expect(throttle.attempt("a", start + 1_000)).toEqual({ kind: "allowed" });
    expect(throttle.attempt("a", start + 2_999)).toEqual({ kind: "throttled", retryAfterMs: 1 });
  });

  it("counts the wait from the wrong answer, which comes after the slow password check", () => {
    const throttle = new LoginThrottle();
    attempts(throttle, "a", 6);
    throttle.failed("a", start + 700);
    expect(throttle.attempt("a", start + 1_500)).toEqual({ kind: "throttled", retryAfterMs: 200 });
    expect(throttle.attempt("a", start + 1_700).kind).toBe("allowed");
  });

  it("does not count refused attempts, so waiting is enough to try again", () => {
    const throttle = new LoginThrottle();
    attempts(throttle, "a", 6);
    for (let ms = 0; ms < 1_000; ms += 100) expect(throttle.attempt("a", start + ms).kind).toBe("throttled");
    expect(throttle.attempt("a", start + 1_000).kind).toBe("allowed");
  });

  it("counts each address on its own", () => {
    const throttle = new LoginThrottle();
    attempts(throttle, "a", 6);
    expect(throttle.attempt("a", start).kind).toBe("throttled");
    expect(throttle.attempt("b", start).kind).toBe("allowed");
  });

  it("forgives an address after a right password", () => {
    const throttle = new LoginThrottle();
    attempts(throttle, "a", 5);
    throttle.succeeded("a");
    expect(attempts(throttle, "a", 6).every((verdict) => verdict.kind === "allowed")).toBe(true);
  });

  it("forgets an address that has not tried for an hour", () => {
    const throttle = new LoginThrottle();
    attempts(throttle, "a", 8);
    const later = start + LOGIN_SCHEDULE.forgetAfterMs + 1;
    expect(attempts(throttle, "a", 6, later).every((verdict) => verdict.kind === "allowed")).toBe(true);
  });

  it("can count failures alone, so that attempts that succeed never bring a wait closer", () => {
    const throttle = new LoginThrottle({
      freeAttempts: 2,
      baseDelayMs: 1_000,
      maxDelayMs: 60_000,
      forgetAfterMs: 60_000,
    });
    for (let check = 0; check < 50; check++) expect(throttle.waitFor("*", start).kind).toBe("allowed");
    throttle.countFailure("*", start);
    throttle.countFailure("*", start);
    expect(throttle.waitFor("*", start).kind).toBe("allowed");
    throttle.countFailure("*", start);
    expect(throttle.waitFor("*", start + 999)).toEqual({ kind: "throttled", retryAfterMs: 1 });
    expect(throttle.waitFor("*", start + 1_000).kind).toBe("allowed");
  });
});
