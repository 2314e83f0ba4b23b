import { describe, expect, it } from "vitest";
import { createDb, type Db, db } from "../db/client";
import { StartupSettingError } from "../errors";
import { isSealed } from "../secrets/seal";
import {
  loadAuthConfig as loadWithEnv,
  PASSWORD_HASH_SETTING,
  SESSION_KEY_ID_SETTING,
  SESSION_SECRET_SETTING,
  storePasswordHash,
} from "./auth-config";
import { hashPassword } from "./password-hash";
import { createSession, listSessions } from "./sessions";

type Env = Record<string, string | undefined>;

/** Every load seals with this test file's own key file (tests/setup/database-per-file.ts) unless told otherwise. */
function loadAuthConfig(instance: Db, env: Env, log: (line: string) => void) {
  return loadWithEnv(instance, { APP_SECRET_KEY_FILE: process.env.APP_SECRET_KEY_FILE, ...env }, log);
}

const PASSWORD_RACE_ROUNDS = 5;
const SESSION_RACE_ROUNDS = 50;

function collectLog() {
  const lines: string[] = [];
  return { lines, log: (line: string) => lines.push(line) };
}

function printedPassword(lines: string[]): string {
  const match = /Dashboard password:\s+(\S+)/.exec(lines.join("\n"));
  if (!match) throw new Error("no password was printed");
  return match[1];
}

async function storedSessionSecret(): Promise<string> {
  const setting = await db.setting.findUniqueOrThrow({
    where: { key: SESSION_SECRET_SETTING },
    omit: { value: false },
  });
  return setting.value;
}

async function storedSettings() {
  return db.setting.findMany({ omit: { value: false }, orderBy: { key: "asc" } });
}

describe("loadAuthConfig", () => {
  it("on a first start without DASHBOARD_PASSWORD, prints a generated password once and stores only its hash", async () => {
    const first = collectLog();
    const config = await loadAuthConfig(db, {}, first.log);
    const password = printedPassword(first.lines);

    expect(config.passwordSource).toBe("stored");
    expect(await config.checkPassword(password)).toBe(true);
    expect(await config.checkPassword(`${password}x`)).toBe(false);
    const settings = await storedSettings();
    expect(settings.map((setting) => setting.key)).toEqual([
      PASSWORD_HASH_SETTING,
      SESSION_KEY_ID_SETTING,
      SESSION_SECRET_SETTING,
    ]);
    for (const setting of settings) expect(setting.value).not.toContain(password);
    expect(settings[0].value).toMatch(/^scrypt\$/);

    const second = collectLog();
    const again = await loadAuthConfig(db, {}, second.log);
    expect(second.lines).toEqual([]);
    expect(again.sessionKey.equals(config.sessionKey)).toBe(true);
    expect(await again.checkPassword(password)).toBe(true);
  });

  // Two clients, as two server processes have: each its own connections. Whether both find the
  // table empty before either writes depends on timing, so each race is run many times over.
  async function raceTwoInstances(rounds: number, round: (instances: Db[]) => Promise<void>) {
    const instances = [createDb(), createDb()];
    try {
      for (let index = 0; index < rounds; index++) {
        await db.setting.deleteMany();
        await round(instances);
      }
    } finally {
      await Promise.all(instances.map((instance) => instance.$disconnect()));
    }
  }

  it("prints and keeps one password when two instances start at once", async () => {
    // Each round hashes and checks passwords with scrypt (~100 ms apiece): fewer rounds than below.
    await raceTwoInstances(PASSWORD_RACE_ROUNDS, async (instances) => {
      const { lines, log } = collectLog();
      const [a, b] = await Promise.all(instances.map((instance) => loadAuthConfig(instance, {}, log)));
      expect(lines.filter((line) => line.includes("Dashboard password"))).toHaveLength(1);
      expect(a.sessionKey.equals(b.sessionKey)).toBe(true);
      const password = printedPassword(lines);
      expect(await Promise.all([a.checkPassword(password), b.checkPassword(password)])).toEqual([true, true]);
    });
  }, 60_000);

  it("keeps one session signing key when two instances start at once", async () => {
    await raceTwoInstances(SESSION_RACE_ROUNDS, async (instances) => {
      const env = { DASHBOARD_PASSWORD: "a-password-of-12+" };
      const [a, b] = await Promise.all(instances.map((instance) => loadAuthConfig(instance, env, () => {})));
      expect(a.sessionKey.equals(b.sessionKey)).toBe(true);
      expect((await storedSettings()).map((setting) => setting.key)).toEqual([
        SESSION_KEY_ID_SETTING,
        SESSION_SECRET_SETTING,
      ]);
    });
  });

  it("with DASHBOARD_PASSWORD, compares against it and neither stores nor prints it", async () => {
    await db.setting.deleteMany();
    const { lines, log } = collectLog();
    const config = await loadAuthConfig(db, { DASHBOARD_PASSWORD: "from-the-environment" }, log);
    expect(config.passwordSource).toBe("environment");
    expect(await config.checkPassword("from-the-environment")).toBe(true);
    expect(await config.checkPassword("from-the-environmen")).toBe(false);
    expect(await config.checkPassword("")).toBe(false);
    expect(lines).toEqual([]);
    const settings = await storedSettings();
    expect(settings.map((setting) => setting.key)).toEqual([SESSION_KEY_ID_SETTING, SESSION_SECRET_SETTING]);
    for (const setting of settings) expect(setting.value).not.toContain("from-the-environment");
  });

  it("signs sessions with a key that changes with the password, ending old sessions", async () => {
    const { log } = collectLog();
    const one = await loadAuthConfig(db, { DASHBOARD_PASSWORD: "first-password" }, log);
    const same = await loadAuthConfig(db, { DASHBOARD_PASSWORD: "first-password" }, log);
    const other = await loadAuthConfig(db, { DASHBOARD_PASSWORD: "second-password" }, log);
    expect(same.sessionKey.equals(one.sessionKey)).toBe(true);
    expect(other.sessionKey.equals(one.sessionKey)).toBe(false);
  });

  it("with SESSION_SECRET, stores no session secret, and refuses a short one", async () => {
    await db.setting.deleteMany();
    const { log } = collectLog();
    const env = { DASHBOARD_PASSWORD: "a-password-of-12+", SESSION_SECRET: "s".repeat(32) };
    const config = await loadAuthConfig(db, env, log);
    const withOtherSecret = await loadAuthConfig(db, { ...env, SESSION_SECRET: "t".repeat(32) }, log);
    expect(config.sessionKey.equals(withOtherSecret.sessionKey)).toBe(false);
    expect((await storedSettings()).map((setting) => setting.key)).toEqual([SESSION_KEY_ID_SETTING]);
    await expect(loadAuthConfig(db, { SESSION_SECRET: "too-short" }, log)).rejects.toThrow(/at least 32/);
  });

  it("refuses a DASHBOARD_PASSWORD under 12 characters, saying what to do", async () => {
    const { log } = collectLog();
    const refusal = loadAuthConfig(db, { DASHBOARD_PASSWORD: "elevenchars" }, log);
    await expect(refusal).rejects.toBeInstanceOf(StartupSettingError);
    await expect(refusal).rejects.toThrow(/at least 12 characters; unset it to have a strong one generated/);
    await expect(loadAuthConfig(db, { DASHBOARD_PASSWORD: "twelve chars" }, log)).resolves.toBeDefined();
  });

  it("keeps the session secret sealed: the stored value is no key, and another sealing key cannot open it", async () => {
    await db.setting.deleteMany();
    const env = { DASHBOARD_PASSWORD: "a-password-of-12+" };
    const config = await loadAuthConfig(db, env, () => {});
    const stored = await storedSessionSecret();
    expect(isSealed(stored)).toBe(true);

    // Same database, key lost: a new secret replaces the one nobody can open, ending every session.
    const { lines, log } = collectLog();
    const otherKey = await loadAuthConfig(db, { ...env, APP_SECRET_KEY: "k".repeat(40) }, log);
    expect(otherKey.sessionKey.equals(config.sessionKey)).toBe(false);
    expect(lines.join("\n")).toMatch(/sealed with another key.*every session ends/s);
    expect(await storedSessionSecret()).not.toBe(stored);
    // And that key, now the one that sealed it, opens it again without replacing anything.
    const again = await loadAuthConfig(db, { ...env, APP_SECRET_KEY: "k".repeat(40) }, log);
    expect(again.sessionKey.equals(otherKey.sessionKey)).toBe(true);
  });

  it("seals a session secret an earlier version kept in the clear, keeping every session", async () => {
    await db.setting.deleteMany();
    const clear = Buffer.alloc(32, 7).toString("base64url");
    await db.setting.create({ data: { key: SESSION_SECRET_SETTING, value: clear } });
    const env = { DASHBOARD_PASSWORD: "a-password-of-12+" };
    const first = await loadAuthConfig(db, env, () => {});
    const stored = await storedSessionSecret();
    expect(isSealed(stored)).toBe(true);
    expect(stored).not.toContain(clear);
    const second = await loadAuthConfig(db, env, () => {});
    expect(second.sessionKey.equals(first.sessionKey)).toBe(true);
  });

  it("checks a stored password against the hash in the database now, so a change elsewhere holds at once", async () => {
    await db.setting.deleteMany();
    const config = await loadAuthConfig(db, {}, () => {});
    await storePasswordHash(db, await hashPassword("changed-on-another-instance"));
    expect(await config.checkPassword("changed-on-another-instance")).toBe(true);
  });

  it("deletes the sessions of an earlier key, so none is listed that can never open again", async () => {
    await db.setting.deleteMany();
    const first = await loadAuthConfig(db, { DASHBOARD_PASSWORD: "first-password" }, () => {});
    await createSession(first.sessionKey, { userAgent: "a", source: "192.0.2.1" });
    await loadAuthConfig(db, { DASHBOARD_PASSWORD: "first-password" }, () => {});
    expect(await listSessions()).toHaveLength(1);
    await loadAuthConfig(db, { DASHBOARD_PASSWORD: "second-password" }, () => {});
    expect(await listSessions()).toEqual([]);
  });
});
