// Every code a fetch job or snapshot can carry, with the words the pages and the API show for it.
// Free of server imports, so client components explain codes with the same sentences.

/** Why a fetch failed or had to wait (Snapshot.error, FetchJob.reason). */
export const FETCH_ERROR_CODES = [
  "token_rejected",
  "object_gone",
  "permission_denied",
  "rate_limited",
  "budget_exhausted",
  "server_error",
  "timeout",
  "network",
  "bad_response",
] as const;
export type FetchErrorCode = (typeof FETCH_ERROR_CODES)[number];

/** Why no fetch was made for a delivery (FetchJob.reason of a skipped job). */
export const SKIP_REASONS = [
  "no_resource_url",
  "auto_fetch_disabled",
  "signature_invalid",
  "signature_missing",
  "signature_unverified",
  "invalid_url",
  "foreign_origin",
  // Recorded by versions before replays were fetched after a wait: old jobs still carry it.
  "recent_replay",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

const FETCH_ERROR_WORDS: Record<FetchErrorCode, string> = {
  token_rejected: "Accelo rejected the access token (check ACCELO_ACCESS_TOKEN or the client id and secret)",
  object_gone: "Accelo has no such object: it was deleted, or never existed",
  permission_denied: "The token may not view this object",
  rate_limited: "Rate limited by Accelo",
  budget_exhausted: "This app's hourly budget of Accelo requests (ACCELO_HOURLY_BUDGET) is used up",
  server_error: "Accelo answered with a server error",
  timeout: "Accelo did not answer in time",
  network: "Accelo could not be reached",
  bad_response: "Accelo's answer could not be read",
};

const SKIP_WORDS: Record<SkipReason, string> = {
  no_resource_url: "The delivery names no resource_url (delete events carry none), so there is nothing to fetch",
  auto_fetch_disabled: "Automatic fetching is off (ACCELO_AUTO_FETCH=false)",
  signature_invalid: "The signature does not match, so the delivery may be forged and its URL is not fetched",
  signature_missing: "The delivery is not signed although a webhook secret is set, so its URL is not fetched",
  signature_unverified:
    "No webhook secret is set, so the delivery could not be verified; set ACCELO_FETCH_UNVERIFIED=true to fetch anyway",
  invalid_url:
    "The resource_url is not a plain {api}/api/v0/{type}/{id} URL (it has credentials, a query, dot segments or another path), so it is not fetched",
  foreign_origin: "The resource_url points outside the configured Accelo API, so the token is not sent there",
  recent_replay:
    "The same request (body and signature) arrived less than 10 minutes before, so its resource was not fetched again: a replay spends no API budget. Refresh fetches it now",
};

function formatTime(at: Date): string {
  return at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/** A code from a job or snapshot in words; unknown codes (from a newer version) are shown as they are. */
export function explainFetchReason(code: string, retryAt?: Date | string | null): string {
  if (code in FETCH_ERROR_WORDS) {
    const words = FETCH_ERROR_WORDS[code as FetchErrorCode];
    return retryAt ? `${words} until ${formatTime(new Date(retryAt))}` : words;
  }
  if (code in SKIP_WORDS) return SKIP_WORDS[code as SkipReason];
  return code;
}
