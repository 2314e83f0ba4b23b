import { signInAnswerSchema } from "../auth/schemas";
import { fetchJson } from "./fetch-json";

/** POST /api/auth/sign-in: sets the session cookie, or throws the ApiRequestError that says why not. */
export function requestSignIn(password: string) {
  return fetchJson("/api/auth/sign-in", signInAnswerSchema, { method: "POST", body: { password } });
}

/** Where the sign-out form posts: a plain form, so signing out works before React has loaded. */
export const SIGN_OUT_ACTION = "/api/auth/sign-out";
