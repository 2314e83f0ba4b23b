import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSearch } from "./parse";
import { printSearch } from "./print";
import { COLUMN_FIELDS, type SearchTerm } from "./terms";

/** Characters that mean something to the parser, mixed with ordinary ones. */
const tricky = fc.constantFrom("a", "Z", "7", " ", "\t", ":", '"', "\\", "-", "*", ".", "é", "😀", "\u00a0");
const value = fc.string({ unit: tricky, minLength: 1, maxLength: 10 });
const negated = fc.boolean();

const searchTerm: fc.Arbitrary<SearchTerm> = fc.oneof(
  fc.record({ kind: fc.constant("text" as const), text: value, negated }),
  fc.record({ kind: fc.constant("column" as const), field: fc.constantFrom(...COLUMN_FIELDS), value, negated }),
  fc.record({ kind: fc.constant("header" as const), name: fc.stringMatching(/^[a-z0-9-]{1,12}$/), value, negated }),
  fc.record({
    kind: fc.constant("payload" as const),
    path: fc.array(fc.stringMatching(/^[A-Za-z0-9_-]{1,6}$/), { minLength: 1, maxLength: 3 }),
    value,
    negated,
  }),
);

describe("parseSearch", () => {
  it("reads text, fields, quotes, wildcards and negation", () => {
    expect(
      parseSearch('acme id:123 -event:assign_task resource_url:*quotes* "two words" header.X-Accelo-Event:a'),
    ).toEqual({
      kind: "ok",
      terms: [
        { kind: "text", text: "acme", negated: false },
        { kind: "column", field: "id", value: "123", negated: false },
        { kind: "column", field: "event", value: "assign_task", negated: true },
        { kind: "column", field: "resource_url", value: "*quotes*", negated: false },
        { kind: "text", text: "two words", negated: false },
        { kind: "header", name: "x-accelo-event", value: "a", negated: false },
      ],
    });
    expect(parseSearch('payload.note.text:"a \\"b\\""')).toEqual({
      kind: "ok",
      terms: [{ kind: "payload", path: ["note", "text"], value: 'a "b"', negated: false }],
    });
    expect(parseSearch("/issues/12 12:30 -")).toEqual({
      kind: "ok",
      terms: [
        { kind: "text", text: "/issues/12", negated: false },
        { kind: "text", text: "12:30", negated: false },
        { kind: "text", text: "-", negated: false },
      ],
    });
  });

  it("says what is wrong instead of guessing", () => {
    const message = (input: string) => {
      const parsed = parseSearch(input);
      return parsed.kind === "error" ? parsed.message : "parsed";
    };
    expect(message("colour:red")).toMatch(/^Unknown search field "colour"\. Fields: id, resource_url/);
    expect(message("https://acme.example")).toContain('put it in quotes: "https://acme.example"');
    expect(message("id:")).toBe('"id:" needs a value, as in id:something');
    expect(message('"open')).toBe('A quote is not closed: add the closing "');
    expect(message('"a"b')).toBe('Put a space after the closing quote of "a"');
    expect(message('""')).toContain("Empty quotes");
    expect(message("header.:x")).toContain("is not a header name");
    expect(message("payload.a..b:x")).toContain("is not a payload path");
  });

  it("never throws, whatever is typed", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "grapheme" }), fc.string({ unit: tricky, maxLength: 40 })), (input) => {
        const parsed = parseSearch(input);
        expect(["ok", "error"]).toContain(parsed.kind);
      }),
      { seed: 20261128, numRuns: 2000 },
    );
  });

  it("reads back whatever it prints", () => {
    fc.assert(
      fc.property(fc.array(searchTerm, { minLength: 1, maxLength: 5 }), (terms) => {
        expect(parseSearch(printSearch(terms))).toEqual({ kind: "ok", terms });
      }),
      { seed: 20261128, numRuns: 1000 },
    );
  });

  it("prints any search it reads so that it reads the same again", () => {
    fc.assert(
      fc.property(fc.string({ unit: tricky, maxLength: 40 }), (input) => {
        const parsed = parseSearch(input);
        if (parsed.kind === "ok") expect(parseSearch(printSearch(parsed.terms))).toEqual(parsed);
      }),
      { seed: 20261128, numRuns: 1000 },
    );
  });
});
