import { describe, expect, it } from "vitest";
import { type JsonNode, parseJsonTree } from "./parse-json-tree";

/** Back to plain values, numbers as their text, to compare with what JSON.parse gives. */
function plain(node: JsonNode): unknown {
  switch (node.kind) {
    case "object":
      return Object.fromEntries(node.entries.map(({ key, value }) => [key, plain(value)]));
    case "array":
      return node.items.map(plain);
    case "number":
      return Number(node.text);
    case "string":
    case "boolean":
      return node.value;
    case "null":
      return null;
  }
}

describe("parseJsonTree", () => {
  it.each([
    '{"id": 7, "resource_url": "https://acme.api.accelo.com/api/v0/tasks/7"}',
    '[1, -2.5e3, "a\\"b\\u00e9\\n", true, false, null, {}, [], {"x": [{"y": {}}]}]',
    '  "just a string"  ',
    "0",
    '{"":"empty key","\\u0000":"nul"}',
  ])("reads %s as JSON.parse does", (text) => {
    expect(plain(parseJsonTree(text))).toEqual(JSON.parse(text));
  });

  it("keeps a large integer's digits", () => {
    expect(parseJsonTree('{"id":12345678901234567890}')).toEqual({
      kind: "object",
      entries: [{ key: "id", value: { kind: "number", text: "12345678901234567890" } }],
    });
  });

  it("keeps repeated keys in order", () => {
    const tree = parseJsonTree('{"id":1,"id":2}');
    expect(tree.kind === "object" && tree.entries.map(({ value }) => value)).toEqual([
      { kind: "number", text: "1" },
      { kind: "number", text: "2" },
    ]);
  });

  it("walks nesting far deeper than the call stack allows", () => {
    const depth = 200_000;
    let node = parseJsonTree("[".repeat(depth) + "]".repeat(depth));
    let levels = 1;
    while (node.kind === "array" && node.items.length > 0) {
      node = node.items[0];
      levels++;
    }
    expect(levels).toBe(depth);
  });

  it.each(["", "{", '"a\u0001"', '{"a" 1}', "[1,]", "[1 2]", '{"a":1,}', "tru", "01", '"open', "{} {}", "'single'"])(
    "refuses %j like JSON.parse",
    (text) => {
      expect(() => JSON.parse(text)).toThrow(SyntaxError);
      expect(() => parseJsonTree(text)).toThrow(SyntaxError);
    },
  );
});
