import { SESSION_COOKIE } from "../auth/session-cookie";
import { PEER_ADDRESS_HEADER } from "../http/request-source";

/** What the dashboard's session cookie is stored as, when a request to the receiver carried one. */
export const REMOVED_SESSION = "[removed]";

// Cookie values hold neither ";" nor ",", whichever of the two joined repeated Cookie headers.
const SESSION_COOKIE_VALUE = new RegExp(`(^|[;,]\\s*)${SESSION_COOKIE}=[^;,]*`, "g");

/**
 * A request's headers as the receiver stores them: every one, in order, as received, but for the
 * dashboard's own session cookie and the peer address our server added (stored as the delivery's
 * remote address; no sender wrote it). Accelo never sends the cookie; a signed-in browser or a
 * curl command copied from one may, and it is a credential: kept, it would sit in the database
 * for as long as the delivery, and show on its page, in its API answer and in its replay command.
 */
export function headersToStore(headers: Headers): [string, string][] {
  return [...headers]
    .filter(([name]) => name !== PEER_ADDRESS_HEADER)
    .map(([name, value]) => [
      name,
      name === "cookie" ? value.replace(SESSION_COOKIE_VALUE, `$1${SESSION_COOKIE}=${REMOVED_SESSION}`) : value,
    ]);
}
