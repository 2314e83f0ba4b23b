// The JSON tree shows a body as it was sent, which JSON.parse cannot: it rounds integers beyond
// 2^53 (an id of 12345678901234567890 would read ...000), keeps only the last of repeated keys,
// and recurses, so deep nesting overflows the stack. This parser keeps number literals as text
// and every key in order, and walks nesting with its own stack.

export type JsonNode =
  | { kind: "object"; entries: JsonEntry[] }
  | { kind: "array"; items: JsonNode[] }
  | { kind: "string"; value: string }
  /** The literal as written, so no digit is lost. */
  | { kind: "number"; text: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "null" };

export interface JsonEntry {
  key: string;
  value: JsonNode;
}

type ObjectNode = Extract<JsonNode, { kind: "object" }>;
type ArrayNode = Extract<JsonNode, { kind: "array" }>;
type Frame = { kind: "object"; node: ObjectNode; key: string } | { kind: "array"; node: ArrayNode };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS: [string, JsonNode][] = [
  ["true", { kind: "boolean", value: true }],
  ["false", { kind: "boolean", value: false }],
  ["null", { kind: "null" }],
];

/** Parses JSON text into a tree that keeps what was written; throws SyntaxError like JSON.parse. */
export function parseJsonTree(text: string): JsonNode {
  let position = 0;

  const fail = (expected: string): never => {
    throw new SyntaxError(`Expected ${expected} at position ${position}`);
  };
  const skipWhitespace = () => {
    for (let code = text.charCodeAt(position); code === 32 || code === 10 || code === 13 || code === 9; ) {
      code = text.charCodeAt(++position);
    }
  };
  const readString = (): string => {
    if (text[position] !== '"') fail("a string");
    let end = position + 1;
    let escaped = false;
    for (let code = text.charCodeAt(end); code !== 34; code = text.charCodeAt(end)) {
      if (Number.isNaN(code)) fail("the end of the string");
      if (code === 92) {
        escaped = true;
        end++;
      } else if (code < 32) {
        fail("no control character in a string");
      }
      end++;
    }
    // One flat string literal: JSON.parse decodes its escapes without any nesting.
    const value = escaped ? (JSON.parse(text.slice(position, end + 1)) as string) : text.slice(position + 1, end);
    position = end + 1;
    return value;
  };
  const readKey = (): string => {
    skipWhitespace();
    const key = readString();
    skipWhitespace();
    if (text[position] !== ":") fail('":"');
    position++;
    return key;
  };
  const readScalar = (): JsonNode => {
    if (text[position] === '"') return { kind: "string", value: readString() };
    NUMBER.lastIndex = position;
    const number = NUMBER.exec(text);
    if (number) {
      position += number[0].length;
      return { kind: "number", text: number[0] };
    }
    for (const [word, node] of LITERALS) {
      if (text.startsWith(word, position)) {
        position += word.length;
        return node;
      }
    }
    return fail("a value");
  };

  const stack: Frame[] = [];
  for (;;) {
    skipWhitespace();
    let value: JsonNode;
    if (text[position] === "{") {
      position++;
      skipWhitespace();
      const node: ObjectNode = { kind: "object", entries: [] };
      if (text[position] !== "}") {
        stack.push({ kind: "object", node, key: readKey() });
        continue;
      }
      position++;
      value = node;
    } else if (text[position] === "[") {
      position++;
      skipWhitespace();
      const node: ArrayNode = { kind: "array", items: [] };
      if (text[position] !== "]") {
        stack.push({ kind: "array", node });
        continue;
      }
      position++;
      value = node;
    } else {
      value = readScalar();
    }

    // Hand the finished value to its container; close every container that ends here.
    for (;;) {
      const frame = stack.at(-1);
      if (!frame) {
        skipWhitespace();
        if (position !== text.length) fail("the end of the text");
        return value;
      }
      if (frame.kind === "object") frame.node.entries.push({ key: frame.key, value });
      else frame.node.items.push(value);
      skipWhitespace();
      if (text[position] === ",") {
        position++;
        if (frame.kind === "object") frame.key = readKey();
        break;
      }
      const closer = frame.kind === "object" ? "}" : "]";
      if (text[position] !== closer) fail(`"," or "${closer}"`);
      position++;
      stack.pop();
      value = frame.node;
    }
  }
}
