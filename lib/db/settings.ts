import "server-only";
import type { Db } from "./client";

// Every query of the Setting table: named values that must survive restarts and be the same on
// every instance (the password's hash, the sealed session secret, the subscription watch's state).

export async function settingValue(db: Db, key: string): Promise<string> {
  const { value } = await db.setting.findUniqueOrThrow({ where: { key }, omit: { value: false } });
  return value;
}

export async function findSettingValue(db: Db, key: string): Promise<string | undefined> {
  const row = await db.setting.findUnique({ where: { key }, omit: { value: false } });
  return row?.value;
}

export async function replaceSetting(db: Db, key: string, value: string): Promise<void> {
  await db.setting.update({ where: { key }, data: { value } });
}

/**
 * Replaces a setting only if it still holds `expected`: the compare-and-set that lets instances
 * sharing a database agree on who changes it. False when another got there first.
 */
export async function swapSetting(
  db: Pick<Db, "setting">,
  key: string,
  expected: string,
  value: string,
): Promise<boolean> {
  const { count } = await db.setting.updateMany({ where: { key, value: expected }, data: { value } });
  return count === 1;
}

/** The setting's value, inserted first from `create` when there is none; `created` says which. */
export async function settingOrCreate(
  db: Db,
  key: string,
  create: () => Promise<string>,
): Promise<{ value: string; created: boolean }> {
  const existing = await findSettingValue(db, key);
  if (existing !== undefined) return { value: existing, created: false };
  const candidate = await create();
  // One statement, so that it is atomic on both providers: Prisma's upsert reads, then writes, and
  // two instances starting together both got past the read (a unique violation on PostgreSQL, a
  // busy timeout on SQLite). Whichever inserts first wins; the other's insert does nothing, and it
  // reads back the winner's value.
  const inserted = await db.$executeRaw`
    INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES (${key}, ${candidate}, ${new Date()})
    ON CONFLICT ("key") DO NOTHING`;
  if (inserted === 1) return { value: candidate, created: true };
  return { value: await settingValue(db, key), created: false };
}
