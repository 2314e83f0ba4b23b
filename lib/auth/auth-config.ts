import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "../db/client";
import { replaceSetting, settingOrCreate, settingValue, swapSetting } from "../db/settings";
import { StartupSettingError } from "../errors";
import { isSealed, seal, UnsealError, unseal } from "../secrets/seal";
import { loadSealingKey } from "../secrets/sealing-key";
import { generatePassword } from "./generate-password";
import { hashPassword, verifyPasswordHash } from "./password-hash";
import { endAllSessions } from "./sessions";

/** Setting rows this module owns. Their values are secrets: never log or return them. */
export const PASSWORD_HASH_SETTING = "auth.passwordHash";
export const SESSION_SECRET_SETTING = "auth.sessionSecret";
/** Which session key made the Session rows: when the key changes, they are deleted, not left unopenable. */
export const SESSION_KEY_ID_SETTING = "auth.sessionKeyId";

const MIN_SESSION_SECRET_LENGTH = 32;
/** Below this a chosen password falls to online guessing however slow the throttle makes it. */
export const MIN_PASSWORD_LENGTH = 12;

export interface AuthConfig {
  /** Where the password comes from: the login page tells a new user where to find a generated one. */
  passwordSource: "environment" | "stored";
  /**
   * Keys the stored form of session tokens. Derived from DASHBOARD_PASSWORD too, so changing it
   * ends every session; a password stored here ends them by deleting them when it changes.
   */
  sessionKey: Buffer;
  checkPassword(password: string): Promise<boolean>;
}

/** The environment this reads DASHBOARD_PASSWORD, SESSION_SECRET and the sealing key from. */
type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the password and the session key from the environment, or from the Setting table,
 * creating what is missing: on the first start without DASHBOARD_PASSWORD a password is generated,
 * only its scrypt hash is stored, and the password itself goes to `log` once. Safe to run from
 * several instances at once: whichever stores a value first wins and only it prints.
 */
export async function loadAuthConfig(db: Db, env: Env, log: (line: string) => void): Promise<AuthConfig> {
  const envPassword = env.DASHBOARD_PASSWORD?.trim() ? env.DASHBOARD_PASSWORD : undefined;
  if (envPassword !== undefined && [...envPassword].length < MIN_PASSWORD_LENGTH) {
    throw new StartupSettingError(
      `DASHBOARD_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters; unset it to have a strong one generated`,
    );
  }
  const baseKey = await sessionBaseKey(db, env, log);

  if (envPassword !== undefined) {
    // Compared as HMACs under a per-process key: equal lengths for timingSafeEqual, and the
    // password's length does not leak through timing either.
    const compareKey = randomBytes(32);
    const expected = createHmac("sha256", compareKey).update(envPassword).digest();
    const sessionKey = deriveSessionKey(baseKey, `environment\0${envPassword}`);
    await endSessionsOfOtherKeys(db, sessionKey);
    return {
      passwordSource: "environment",
      sessionKey,
      checkPassword: async (password) =>
        timingSafeEqual(createHmac("sha256", compareKey).update(password).digest(), expected),
    };
  }

  let generated: string | undefined;
  const { created } = await settingOrCreate(db, PASSWORD_HASH_SETTING, async () => {
    generated = generatePassword();
    return hashPassword(generated);
  });
  if (created && generated !== undefined) log(passwordBanner(generated));
  const sessionKey = deriveSessionKey(baseKey, "stored");
  await endSessionsOfOtherKeys(db, sessionKey);
  return {
    passwordSource: "stored",
    sessionKey,
    // Read at each check, so a password changed on another instance holds here at once.
    checkPassword: async (password) => verifyPasswordHash(password, await storedPasswordHash(db)),
  };
}

export function storedPasswordHash(db: Db): Promise<string> {
  return settingValue(db, PASSWORD_HASH_SETTING);
}

/** Replaces the stored password's hash; the caller ends the sessions the old one opened. */
export async function storePasswordHash(db: Db, hash: string): Promise<void> {
  await replaceSetting(db, PASSWORD_HASH_SETTING, hash);
}

/**
 * SESSION_SECRET, or the secret kept in the Setting table sealed with the key that is not in the
 * database (lib/secrets): a copy of the database alone cannot key a session. A secret that the
 * key does not open (the key was lost or replaced) is replaced, which ends every session.
 */
async function sessionBaseKey(db: Db, env: Env, log: (line: string) => void): Promise<Buffer> {
  const secret = env.SESSION_SECRET?.trim();
  if (secret) {
    if (secret.length < MIN_SESSION_SECRET_LENGTH) {
      throw new StartupSettingError(
        `SESSION_SECRET must be at least ${MIN_SESSION_SECRET_LENGTH} characters (try: openssl rand -hex 32)`,
      );
    }
    return Buffer.from(secret);
  }
  const { key } = loadSealingKey(env, log);
  const fresh = () => seal(randomBytes(32).toString("base64url"), key, SESSION_SECRET_SETTING);
  let { value: stored } = await settingOrCreate(db, SESSION_SECRET_SETTING, async () => fresh());
  // Each turn either opens the stored value or swaps it for one that opens; a turn lost to another
  // instance's swap reads the winner's value and tries again.
  for (let turn = 0; ; turn++) {
    let replacement: string;
    if (!isSealed(stored)) {
      // Kept in the clear by a version before sealing: sealed in place, sessions go on.
      replacement = seal(stored, key, SESSION_SECRET_SETTING);
    } else {
      try {
        return Buffer.from(unseal(stored, key, SESSION_SECRET_SETTING), "base64url");
      } catch (error) {
        if (!(error instanceof UnsealError) || turn > 3) throw error;
        log(
          `Accelo Webhook Monitor: ${error.message}. The sealing key was lost or replaced: a new session ` +
            "secret replaces it, so every session ends and everyone signs in again.",
        );
        replacement = fresh();
      }
    }
    const swapped = await swapSetting(db, SESSION_SECRET_SETTING, stored, replacement);
    stored = swapped ? replacement : await settingValue(db, SESSION_SECRET_SETTING);
  }
}

/**
 * Sessions keyed by another key than this one (DASHBOARD_PASSWORD changed, the session secret
 * replaced) can never be opened again: they are deleted, so the Settings list shows only sessions
 * that are real. Whichever instance records the new key first deletes them.
 */
async function endSessionsOfOtherKeys(db: Db, sessionKey: Buffer): Promise<void> {
  const keyId = createHmac("sha256", sessionKey).update("session key id").digest("hex").slice(0, 16);
  const { value, created } = await settingOrCreate(db, SESSION_KEY_ID_SETTING, async () => keyId);
  if (created || value === keyId) return;
  if (await swapSetting(db, SESSION_KEY_ID_SETTING, value, keyId)) await endAllSessions(db);
}

function deriveSessionKey(baseKey: Buffer, credential: string): Buffer {
  return createHmac("sha256", baseKey).update(`session\0${credential}`).digest();
}

function passwordBanner(password: string): string {
  const lines = [
    "Accelo Webhook Monitor: DASHBOARD_PASSWORD is not set, so a password was generated.",
    "",
    `    Dashboard password:  ${password}`,
    "",
    "This is the only time it is shown; only its hash is stored.",
    "Change it under Settings once signed in, or set DASHBOARD_PASSWORD.",
  ];
  const width = Math.max(...lines.map((line) => line.length));
  const rule = "=".repeat(width + 4);
  return ["", rule, ...lines.map((line) => `| ${line.padEnd(width)} |`), rule, ""].join("\n");
}

const cache = globalThis as unknown as { accelomonitorAuthConfig?: Promise<AuthConfig> };

/**
 * The app's auth configuration, loaded once per process (instrumentation.ts does it at start, so
 * the generated password is printed then, and a missing sealing key is created then) and kept in
 * memory. A failed load, e.g. database down, is retried by the next caller.
 */
export function authConfig(): Promise<AuthConfig> {
  cache.accelomonitorAuthConfig ??= (async () => {
    const { db } = await import("../db/client");
    return loadAuthConfig(db, process.env, (line) => console.log(line));
  })().catch((error: unknown) => {
    cache.accelomonitorAuthConfig = undefined;
    throw error;
  });
  return cache.accelomonitorAuthConfig;
}
