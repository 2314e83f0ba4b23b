import type { SearchTerm } from "./terms";

// Writes terms back as the search box reads them (parseSearch): what a saved view or a link
// built from terms shows. Values are quoted only when they would otherwise read differently.

function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, "\\$&")}"`;
}

function fieldValue(value: string): string {
  return /[\s"]/.test(value) ? quoted(value) : value;
}

/** Plain text reads back as a field when it holds a colon, and as a negation when it starts with -. */
function textValue(text: string): string {
  return /[\s":]/.test(text) || text.startsWith("-") ? quoted(text) : text;
}

export function printTerm(term: SearchTerm): string {
  const sign = term.negated ? "-" : "";
  switch (term.kind) {
    case "text":
      return sign + textValue(term.text);
    case "column":
      return `${sign}${term.field}:${fieldValue(term.value)}`;
    case "header":
      return `${sign}header.${term.name}:${fieldValue(term.value)}`;
    case "payload":
      return `${sign}payload.${term.path.join(".")}:${fieldValue(term.value)}`;
  }
}

export function printSearch(terms: readonly SearchTerm[]): string {
  return terms.map(printTerm).join(" ");
}
