import { describe, expect, it } from "vitest";
import { explainSignature, type StoredSignature } from "./explain";

const context = { secretCount: 2, subscriptionSecretCount: 0, bodySize: 72, headerCount: 1 };
const sha1Digest = "a".repeat(40);

function stored(fields: Partial<StoredSignature>): StoredSignature {
  return {
    header: null,
    verdict: "invalid",
    reason: null,
    algorithm: null,
    algorithmFrom: null,
    secretIndex: null,
    subscriptionId: null,
    ...fields,
  };
}

describe("explainSignature", () => {
  it("names the subscription whose secret matched, made in the dashboard", () => {
    const explanation = explainSignature(
      stored({
        verdict: "valid",
        header: sha1Digest,
        algorithm: "sha1",
        algorithmFrom: "length",
        subscriptionId: "ab".repeat(12),
      }),
      context,
    );
    expect(explanation.secret).toBe(
      `the secret of subscription ${"ab".repeat(12)}, made under Settings → Subscriptions`,
    );
  });

  it("names the algorithm from the prefix and the matching secret by position", () => {
    const explanation = explainSignature(
      stored({
        header: `sha256=${"b".repeat(64)}`,
        verdict: "valid",
        algorithm: "sha256",
        algorithmFrom: "prefix",
        secretIndex: 1,
      }),
      { ...context, secretCount: 3 },
    );
    expect(explanation).toEqual({
      summary: "The signature matches a configured secret: the body is exactly what the holder of that secret sent.",
      algorithm: "SHA-256, from the sha256= prefix",
      secret: "secret #2 of 3 in ACCELO_WEBHOOK_SECRET",
      reason: null,
    });
  });

  it("says when the algorithm was told from the digest length", () => {
    const explanation = explainSignature(
      stored({ header: sha1Digest, verdict: "valid", algorithm: "sha1", algorithmFrom: "length", secretIndex: 0 }),
      context,
    );
    expect(explanation.algorithm).toBe("SHA-1, from the digest length: 40 hex characters = SHA-1");
    expect(explanation.secret).toBe("secret #1 of 2 in ACCELO_WEBHOOK_SECRET");
  });

  it("says when the matching secret is no longer configured", () => {
    const explanation = explainSignature(
      stored({ header: sha1Digest, verdict: "valid", algorithm: "sha1", algorithmFrom: "length", secretIndex: 2 }),
      context,
    );
    expect(explanation.secret).toBe("secret #3 in ACCELO_WEBHOOK_SECRET as it was then; 2 secrets are configured now");
  });

  it("explains a digest no configured secret produces", () => {
    const explanation = explainSignature(
      stored({ header: sha1Digest, reason: "no_secret_matches", algorithm: "sha1", algorithmFrom: "length" }),
      context,
    );
    expect(explanation.summary).toBe("The signature does not prove this delivery came from Accelo.");
    expect(explanation.reason).toBe(
      "the digest is 40 hex characters (SHA-1) but none of the 2 configured secrets produces it over the 72 received bytes; " +
        "the body may have been re-encoded by a proxy, or the subscription uses another secret",
    );
  });

  it("counts the secrets of subscriptions made here among those that do not produce it", () => {
    const mismatch = stored({
      header: sha1Digest,
      reason: "no_secret_matches",
      algorithm: "sha1",
      algorithmFrom: "length",
    });
    expect(explainSignature(mismatch, { ...context, subscriptionSecretCount: 3 }).reason).toMatch(
      /but none of the 5 configured secrets \(3 of subscriptions made here\) produces it/,
    );
    expect(explainSignature(mismatch, { ...context, secretCount: 0, subscriptionSecretCount: 1 }).reason).toMatch(
      /but the secret of the one subscription made here does not produce it/,
    );
  });

  it("words a mismatch against a single secret and a prefixed digest", () => {
    const explanation = explainSignature(
      stored({
        header: `sha256=${"c".repeat(64)}`,
        reason: "no_secret_matches",
        algorithm: "sha256",
        algorithmFrom: "prefix",
      }),
      { ...context, secretCount: 1, bodySize: 1 },
    );
    expect(explanation.reason).toMatch(
      /^the sha256= prefix names SHA-256 but the one configured secret does not produce it over the 1 received byte;/,
    );
  });

  it("explains a prefixed digest of another algorithm's length", () => {
    const explanation = explainSignature(
      stored({ header: `sha256=${sha1Digest}`, reason: "wrong_length", algorithm: "sha256", algorithmFrom: "prefix" }),
      context,
    );
    expect(explanation.reason).toBe(
      "the sha256= prefix names SHA-256, whose digest is 64 hex characters, but 40 characters followed it; " +
        "40 is the length of a SHA-1 digest, so the prefix may be wrong",
    );
  });

  it("explains a bare digest of no known length", () => {
    const explanation = explainSignature(stored({ header: "ab".repeat(25), reason: "wrong_length" }), context);
    expect(explanation.reason).toBe(
      "the digest is 50 hex characters, which is no known HMAC digest length (40 = SHA-1, 64 = SHA-256, 128 = SHA-512); " +
        "it may have been cut short or padded on the way",
    );
    expect(explanation.algorithm).toBeNull();
  });

  it("explains a digest that is not hex, and spots base64", () => {
    expect(explainSignature(stored({ header: "z".repeat(40), reason: "not_hex" }), context).reason).toBe(
      "the digest holds characters other than 0-9 and a-f, so it is not the hex digest Accelo sends; " +
        "it looks like base64, which points to another sender's signing scheme",
    );
    expect(explainSignature(stored({ header: "not hex at all!", reason: "not_hex" }), context).reason).toBe(
      "the digest holds characters other than 0-9 and a-f, so it is not the hex digest Accelo sends",
    );
  });

  it("quotes an unknown prefix", () => {
    expect(explainSignature(stored({ header: `md5=${sha1Digest}`, reason: "unknown_prefix" }), context).reason).toBe(
      'the value starts with "md5=", which names no algorithm this receiver knows (sha1=, sha256=, sha512=)',
    );
  });

  it("counts several signature headers", () => {
    const explanation = explainSignature(
      stored({ header: `${sha1Digest}, ${sha1Digest}`, reason: "multiple_headers" }),
      { ...context, headerCount: 2 },
    );
    expect(explanation.reason).toBe(
      "2 X-Hub-Signature headers arrived; more than one is refused rather than guessed at, " +
        "because a proxy or another sender may have added one",
    );
  });

  it("explains an empty header", () => {
    expect(explainSignature(stored({ header: "", reason: "empty" }), context).reason).toBe(
      "the X-Hub-Signature header was present but empty",
    );
  });

  it("explains a missing header when secrets are configured", () => {
    expect(explainSignature(stored({ verdict: "missing" }), context)).toEqual({
      summary: "The delivery carried no signature.",
      algorithm: null,
      secret: null,
      reason:
        "no X-Hub-Signature header although secrets are configured: the subscription may have no secret, " +
        "or the request did not come from Accelo",
    });
  });

  it("explains that nothing is checked without a secret, and mentions a header that came anyway", () => {
    expect(explainSignature(stored({ verdict: "unverified" }), { ...context, secretCount: 0 }).reason).toBe(
      "no secret configured (ACCELO_WEBHOOK_SECRET), so nothing was checked",
    );
    expect(
      explainSignature(stored({ verdict: "unverified", header: sha1Digest }), { ...context, secretCount: 0 }).reason,
    ).toBe(
      "no secret configured (ACCELO_WEBHOOK_SECRET), so nothing was checked; the X-Hub-Signature it carried was stored but not checked",
    );
  });
});
