import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PEER_ADDRESS_HEADER, requestSource, trustedProxyHops } from "./request-source";

const headers = (forwardedFor?: string) => {
  const result = new Headers({ [PEER_ADDRESS_HEADER]: "10.0.0.5" });
  if (forwardedFor !== undefined) result.set("x-forwarded-for", forwardedFor);
  return result;
};

describe("requestSource", () => {
  it("is the TCP peer whatever X-Forwarded-For a client writes, with no proxy trusted", () => {
    fc.assert(
      fc.property(fc.array(fc.ipV4(), { maxLength: 5 }), (hops) => {
        expect(requestSource(headers(hops.join(", ")), 0)).toBe("10.0.0.5");
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it("behind N trusted proxies, is the Nth entry from the end: what the first trusted proxy saw", () => {
    expect(requestSource(headers("6.6.6.6, 203.0.113.7"), 1)).toBe("203.0.113.7");
    expect(requestSource(headers("6.6.6.6, 203.0.113.7, 10.0.0.2"), 2)).toBe("203.0.113.7");
    // Fewer entries than trusted proxies: the chain is not what the setting says, so the peer.
    expect(requestSource(headers("203.0.113.7"), 2)).toBe("10.0.0.5");
  });

  it("says unknown when no server wrote the peer address (next dev, a test calling a route)", () => {
    expect(requestSource(new Headers({ "x-forwarded-for": "6.6.6.6" }), 0)).toBe("unknown");
  });

  it("reads TRUSTED_PROXIES as a small whole number", () => {
    expect(trustedProxyHops({})).toBe(0);
    expect(trustedProxyHops({ TRUSTED_PROXIES: "2" })).toBe(2);
    expect(() => trustedProxyHops({ TRUSTED_PROXIES: "yes" })).toThrow();
  });
});
