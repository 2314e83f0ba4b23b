import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PEER_ADDRESS_HEADER } from "../http/request-source";
import { isRedactedValue } from "./redaction";
import { headersToStore, redactedHeaderNames } from "./stored-headers";

describe("headersToStore", () => {
  it("keeps every other header in order, as received", () => {
    const headers = new Headers([
      ["x-hub-signature", "abc"],
      ["x-accelo-event", "assign_task"],
      ["content-type", "application/json"],
    ]);
    expect(headersToStore(headers)).toEqual([...headers]);
  });

  it("keeps a credential's name, length and fingerprint, never its value", () => {
    const token = "Bearer eyJhbGciOiJIUzI1NiJ9.secret-part";
    const stored = headersToStore(
      new Headers([
        ["authorization", token],
        ["cookie", "theme=dark; awm_session=v1.1796330752.0HsGCJoW88EY"],
        ["proxy-authorization", "Basic dXNlcjpwYXNz"],
      ]),
    );
    expect(stored.map(([name]) => name)).toEqual(["authorization", "cookie", "proxy-authorization"]);
    expect(stored[0][1]).toMatch(new RegExp(`^\\[redacted: ${token.length} bytes, sha256 [0-9a-f]{8}\\]$`));
    for (const [, value] of stored) expect(isRedactedValue(value)).toBe(true);
    expect(JSON.stringify(stored)).not.toMatch(/eyJ|secret-part|awm_session|dXNlcjpwYXNz|dark/);
  });

  it("never keeps the value of a credential header, whatever it holds", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"),
        fc.string({
          unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
          minLength: 24,
        }),
        (name, value) => {
          const [[, stored]] = headersToStore(
            new Headers([[name, value]]),
            redactedHeaderNames({ REDACTED_HEADERS: "X-Api-Key" }),
          );
          expect(isRedactedValue(stored)).toBe(true);
          expect(stored.includes(value)).toBe(false);
        },
      ),
      { seed: 11, numRuns: 200 },
    );
  });

  it("leaves out the peer address our server added: it is the delivery's remote address, not a header sent", () => {
    const stored = headersToStore(
      new Headers([
        [PEER_ADDRESS_HEADER, "203.0.113.5"],
        ["x-accelo-event", "assign_task"],
      ]),
    );
    expect(stored).toEqual([["x-accelo-event", "assign_task"]]);
  });

  it("follows a change of REDACTED_HEADERS, though it parses each value once", () => {
    expect(redactedHeaderNames({ REDACTED_HEADERS: "X-Api-Key" }).has("x-api-key")).toBe(true);
    expect(redactedHeaderNames({ REDACTED_HEADERS: "X-Other" }).has("x-api-key")).toBe(false);
    expect(redactedHeaderNames({}).has("x-other")).toBe(false);
    expect(redactedHeaderNames({}).has("authorization")).toBe(true);
  });
});
