import { loginPathFor } from "../auth/safe-next-path";
import { ApiRequestError } from "./fetch-json";

/**
 * When the API answers that the session is gone (expired, or signed out in another tab), a page
 * that keeps polling would only show errors: send the browser to sign in, then back here.
 */
export function signInAgainIfUnauthorized(error: unknown): void {
  if (!(error instanceof ApiRequestError) || error.code !== "unauthorized") return;
  const { pathname, search } = window.location;
  window.location.assign(loginPathFor(`${pathname}${search}`));
}
