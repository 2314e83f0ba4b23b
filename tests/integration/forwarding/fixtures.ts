import type { NewDestination } from "../../../lib/forwarding/schemas";

/** A destination that takes every verified event, unsigned, with what a test changes. */
export function destinationInput(
  overrides: Partial<NewDestination> & Pick<NewDestination, "name" | "url">,
): NewDestination {
  return { events: null, includeFailedSignatures: false, secret: null, timeoutMs: 5000, enabled: true, ...overrides };
}
