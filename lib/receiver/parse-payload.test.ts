import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePayload } from "./parse-payload";

const bytes = (text: string) => Buffer.from(text, "utf8");
const url = "https://acme.api.accelo.com/api/v0/tasks/42";

describe("parsePayload", () => {
  it("reads Accelo's default form body", () => {
    const body = `id=42&resource_url=${encodeURIComponent(url)}`;
    expect(parsePayload(bytes(body), "application/x-www-form-urlencoded")).toEqual({
      format: "form",
      contentTypeSniffed: false,
      payloadJson: JSON.stringify({ id: "42", resource_url: url }),
      objectId: "42",
      resourceUrl: url,
      resourceType: "tasks",
      resourceId: "42",
    });
  });

  it("reads a JSON body with a charset parameter", () => {
    const parsed = parsePayload(bytes(JSON.stringify({ id: 7, resource_url: url })), "application/json; charset=utf-8");
    expect(parsed).toMatchObject({ format: "json", contentTypeSniffed: false, objectId: "7", resourceType: "tasks" });
  });

  it("sniffs JSON sent as a form and says so", () => {
    const parsed = parsePayload(bytes(JSON.stringify({ id: 7 })), "application/x-www-form-urlencoded");
    expect(parsed).toMatchObject({ format: "json", contentTypeSniffed: true, objectId: "7" });
  });

  it("sniffs a form body without a Content-Type and says so", () => {
    expect(parsePayload(bytes("id=9"), null)).toMatchObject({
      format: "form",
      contentTypeSniffed: true,
      objectId: "9",
    });
  });

  it("accepts a delete event without resource_url", () => {
    const parsed = parsePayload(bytes("id=5"), "application/x-www-form-urlencoded");
    expect(parsed).toEqual({ format: "form", contentTypeSniffed: false, payloadJson: '{"id":"5"}', objectId: "5" });
  });

  it("keeps the digits of an id beyond 2^53", () => {
    expect(parsePayload(bytes('{"id": 123456789012345678901}'), "application/json").objectId).toBe(
      "123456789012345678901",
    );
  });

  it("keeps repeated form fields, taking the first as the id", () => {
    expect(parsePayload(bytes("id=1&id=2"), "application/x-www-form-urlencoded")).toMatchObject({
      payloadJson: '{"id":["1","2"]}',
      objectId: "1",
    });
  });

  it("reports a body that is neither JSON nor a form", () => {
    const parsed = parsePayload(bytes("{not json"), "application/json");
    expect(parsed.format).toBe("unparsed");
    expect(parsed.parseError).toMatch(/Invalid JSON/);
  });

  it("reports invalid UTF-8", () => {
    expect(
      parsePayload(Buffer.from([0x69, 0x64, 0x3d, 0xff, 0xfe]), "application/x-www-form-urlencoded"),
    ).toMatchObject({
      format: "unparsed",
      parseError: "Body is not valid UTF-8",
    });
  });

  it("reports an empty body", () => {
    expect(parsePayload(Buffer.alloc(0), "application/json").format).toBe("empty");
  });

  it("keeps deeply nested JSON as its own text, which JSON.stringify could not write back", () => {
    const deep = "[".repeat(200_000) + "]".repeat(200_000);
    expect(() => JSON.stringify(JSON.parse(deep))).toThrow(RangeError);
    expect(parsePayload(bytes(deep), "application/json")).toMatchObject({ format: "json", payloadJson: deep });
  });

  it("leaves the resource unknown for a URL that is not an API object path", () => {
    const parsed = parsePayload(bytes(JSON.stringify({ id: 1, resource_url: "not a url" })), "application/json");
    expect(parsed).toMatchObject({ resourceUrl: "not a url" });
    expect(parsed.resourceType).toBeUndefined();
  });

  it.each(["%FF", "%E0%A4%A", "%", "7%2"])("keeps a resource id with a malformed escape (%s) as it was sent", (id) => {
    const url = `https://acme.api.accelo.com/api/v0/tasks/${id}`;
    const form = parsePayload(
      bytes(`id=1&resource_url=${encodeURIComponent(url)}`),
      "application/x-www-form-urlencoded",
    );
    expect(form).toMatchObject({ format: "form", resourceUrl: url, resourceType: "tasks", resourceId: id });
    const json = parsePayload(bytes(JSON.stringify({ id: 1, resource_url: url })), "application/json");
    expect(json).toMatchObject({ format: "json", resourceType: "tasks", resourceId: id });
  });

  it("indexes Accelo's own example, ending in .json, as the object without the suffix, keeping the URL as sent", () => {
    const documented = "https://bobs-burgers.api.accelo.com/api/v0/issues/1.json";
    const parsed = parsePayload(bytes(JSON.stringify({ id: 1, resource_url: documented })), "application/json");
    expect(parsed).toMatchObject({ resourceUrl: documented, resourceType: "issues", resourceId: "1" });
    const twice = parsePayload(bytes(JSON.stringify({ id: 1, resource_url: `${url}.json.json` })), "application/json");
    expect(twice).toMatchObject({ resourceType: "tasks", resourceId: "42.json" });
  });

  it("never throws, whatever the bytes and the Content-Type", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc.string({ unit: "binary", maxLength: 200 }).map((text) => bytes(text)),
          fc
            .record({ id: fc.jsonValue(), resource_url: fc.oneof(fc.webUrl(), fc.string({ unit: "binary" })) })
            .map((fields) => bytes(JSON.stringify(fields) ?? "")),
          fc
            .string({ unit: "binary", maxLength: 40 })
            .map((tail) => bytes(`id=1&resource_url=https%3A%2F%2Fa.api.accelo.com%2Fapi%2Fv0%2Ftasks%2F${tail}`)),
        ),
        fc.constantFrom(null, "application/json", "application/x-www-form-urlencoded", "text/plain; charset=x"),
        (body, contentType) => {
          const parsed = parsePayload(body, contentType);
          expect(["json", "form", "empty", "unparsed"]).toContain(parsed.format);
        },
      ),
      { seed: 20261127, numRuns: 400 },
    );
  });
});
