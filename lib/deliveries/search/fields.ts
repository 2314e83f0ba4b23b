import { COLUMN_FIELDS, type ColumnField } from "./terms";

// The fields the search box knows, with the words its help shows: one list for the parser's
// error messages and for the help, so neither can name a field the other does not know.

export const FIELD_HELP: { syntax: string; example: string; meaning: string }[] = [
  { syntax: "id:", example: "id:123", meaning: "the object id (the body's id field)" },
  { syntax: "resource_url:", example: "resource_url:*quotes*", meaning: "the resource URL" },
  { syntax: "event:", example: "event:assign_task", meaning: "the event id" },
  { syntax: "type:", example: "type:tasks", meaning: "the resource type" },
  {
    syntax: "header.<name>:",
    example: "header.x-accelo-event:assign_task",
    meaning: "a request header (name in any case)",
  },
  { syntax: "payload.<key>:", example: "payload.id:123", meaning: "a field of the parsed body; keys joined by dots" },
];

export const KNOWN_FIELDS_TEXT = "id, resource_url, event, type, header.<name>, payload.<key>";

export function isColumnField(name: string): name is ColumnField {
  return (COLUMN_FIELDS as readonly string[]).includes(name);
}

/** A header name as HTTP allows it (RFC 9110's token). */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
/** One key of a payload path. */
export const PAYLOAD_KEY = /^[A-Za-z0-9_-]+$/;
