import "server-only";
import { hkdfSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { StartupSettingError } from "../errors";
import { SEALING_KEY_BYTES } from "./seal";

/** Where the key is generated when APP_SECRET_KEY is unset: beside the embedded database. */
export const DEFAULT_KEY_FILE = "data/app-secret.key";
const MIN_KEY_LENGTH = 32;

type Env = Readonly<Record<string, string | undefined>>;

const keyEnvSchema = z.object({
  APP_SECRET_KEY: z.string().optional(),
  APP_SECRET_KEY_FILE: z.string().optional(),
});

export interface SealingKey {
  key: Buffer;
  /** Where it came from, for the start-up log and the README's "losing the key". */
  source: "environment" | "file";
  file?: string;
}

/** Any string of 32 characters or more becomes the 32 bytes AES-256 needs. */
function deriveKey(material: string): Buffer {
  return Buffer.from(hkdfSync("sha256", material, "accelo-webhook-monitor", "sealing key v1", SEALING_KEY_BYTES));
}

/**
 * Reads the key file, or creates it: written whole to a file of its own, then linked into place,
 * so an instance starting at the same moment either wins the link or reads the winner's key, never
 * a half-written one.
 */
function keyFromFile(file: string, log: (line: string) => void): string {
  try {
    return readKeyFile(file, log);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const candidate = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  fs.writeFileSync(candidate, `${randomBytes(SEALING_KEY_BYTES).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  try {
    fs.linkSync(candidate, file);
    log(
      `Accelo Webhook Monitor: generated the key that seals stored secrets in ${file}; back it up, and keep it out of database backups.`,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    fs.rmSync(candidate, { force: true });
  }
  return readKeyFile(file, log);
}

function readKeyFile(file: string, log: (line: string) => void): string {
  const mode = fs.statSync(file).mode & 0o777;
  if (mode & 0o077) {
    log(`Accelo Webhook Monitor: ${file} can be read by other users (mode ${mode.toString(8)}); chmod 600 it.`);
  }
  const material = fs.readFileSync(file, "utf8").trim();
  if (material.length < MIN_KEY_LENGTH) {
    throw new StartupSettingError(`${file} holds no key of at least ${MIN_KEY_LENGTH} characters`);
  }
  return material;
}

/** The key that seals secrets at rest: APP_SECRET_KEY, or the key file, created on first use. */
export function loadSealingKey(env: Env, log: (line: string) => void): SealingKey {
  const parsed = keyEnvSchema.parse(env);
  const fromEnv = parsed.APP_SECRET_KEY?.trim();
  if (fromEnv) {
    if (fromEnv.length < MIN_KEY_LENGTH) {
      throw new StartupSettingError(
        `APP_SECRET_KEY must be at least ${MIN_KEY_LENGTH} characters (try: openssl rand -base64 32)`,
      );
    }
    return { key: deriveKey(fromEnv), source: "environment" };
  }
  const file = path.resolve(parsed.APP_SECRET_KEY_FILE?.trim() || DEFAULT_KEY_FILE);
  return { key: deriveKey(keyFromFile(file, log)), source: "file", file };
}

let cached: { id: string; key: SealingKey } | undefined;

/** The process's sealing key, loaded once per distinct setting. */
export function sealingKey(env: Env = process.env): SealingKey {
  const id = `${env.APP_SECRET_KEY}\u0000${env.APP_SECRET_KEY_FILE}`;
  if (cached?.id !== id) cached = { id, key: loadSealingKey(env, (line) => console.log(line)) };
  return cached.key;
}
