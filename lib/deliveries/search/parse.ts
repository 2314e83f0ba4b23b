import { HEADER_NAME, isColumnField, KNOWN_FIELDS_TEXT, PAYLOAD_KEY } from "./fields";
import type { SearchTerm } from "./terms";

// Reads the search box: terms separated by white space, all of which must hold. A term is plain
// text or `field:value`; either may be "quoted" (\" and \\ inside quotes) and a leading - negates
// it. Never throws: whatever is typed is either terms or one message saying what to change.

export type ParsedSearch = { kind: "ok"; terms: SearchTerm[] } | { kind: "error"; message: string };

const SPACE = /\s/;
/** A field name followed by its colon: `id:`, `header.x-accelo-event:`, `payload.a.b:`. */
const FIELD_PREFIX = /^([A-Za-z_][A-Za-z0-9_]*(?:\.[^\s:"]*)?):/;

class SyntaxProblem {
  constructor(readonly message: string) {}
}

export function parseSearch(input: string): ParsedSearch {
  const terms: SearchTerm[] = [];
  let at = 0;

  const readValue = (): string => {
    if (input[at] !== '"') {
      const start = at;
      while (at < input.length && !SPACE.test(input[at])) at++;
      return input.slice(start, at);
    }
    let value = "";
    at++;
    for (;;) {
      if (at >= input.length) throw new SyntaxProblem('A quote is not closed: add the closing "');
      const character = input[at];
      if (character === '"') break;
      if (character === "\\") {
        if (at + 1 >= input.length) throw new SyntaxProblem('A quote is not closed: add the closing "');
        at++;
      }
      value += input[at];
      at++;
    }
    at++;
    if (at < input.length && !SPACE.test(input[at])) {
      throw new SyntaxProblem(`Put a space after the closing quote of "${value}"`);
    }
    if (value === "") throw new SyntaxProblem('Empty quotes "" search for nothing: remove them');
    return value;
  };

  try {
    for (;;) {
      while (at < input.length && SPACE.test(input[at])) at++;
      if (at >= input.length) break;
      const negated = input[at] === "-" && at + 1 < input.length && !SPACE.test(input[at + 1]);
      if (negated) at++;
      const field = FIELD_PREFIX.exec(input.slice(at));
      if (!field) {
        terms.push({ kind: "text", text: readValue(), negated });
        continue;
      }
      at += field[0].length;
      const value = readValue();
      if (value === "") throw new SyntaxProblem(`"${field[1]}:" needs a value, as in ${field[1]}:something`);
      terms.push(fieldTerm(field[1], value, negated));
    }
  } catch (error) {
    if (error instanceof SyntaxProblem) return { kind: "error", message: error.message };
    throw error;
  }
  return { kind: "ok", terms };
}

function fieldTerm(name: string, value: string, negated: boolean): SearchTerm {
  const lower = name.toLowerCase();
  if (lower.startsWith("header.")) {
    const header = lower.slice("header.".length);
    if (!HEADER_NAME.test(header)) {
      throw new SyntaxProblem(
        `"${name}" is not a header name: write header.<name>, as in header.x-accelo-event:assign_task`,
      );
    }
    return { kind: "header", name: header, value, negated };
  }
  if (lower.startsWith("payload.")) {
    const path = name.slice("payload.".length).split(".");
    if (!path.every((key) => PAYLOAD_KEY.test(key))) {
      throw new SyntaxProblem(
        `"${name}" is not a payload path: write payload.<key>, keys of letters, digits, _ and - joined by dots`,
      );
    }
    return { kind: "payload", path, value, negated };
  }
  if (isColumnField(lower)) return { kind: "column", field: lower, value, negated };
  throw new SyntaxProblem(
    `Unknown search field "${name}". Fields: ${KNOWN_FIELDS_TEXT}. To search for text with a colon, put it in quotes: "${name}:${value}"`,
  );
}
