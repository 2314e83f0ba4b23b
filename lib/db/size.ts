import "server-only";
import fs from "node:fs";
import { db } from "./client";
import { resolveDatabaseTarget } from "./database-url";

/** SQLite keeps recent commits in the write-ahead log until a checkpoint: both are the database's size. */
const SQLITE_FILE_SUFFIXES = ["", "-wal"];

/** How many bytes the database takes on disk: SQLite's files, or PostgreSQL's own measure. */
export async function databaseSizeBytes(): Promise<number> {
  const target = resolveDatabaseTarget();
  if (target.provider === "sqlite") {
    return SQLITE_FILE_SUFFIXES.reduce((total, suffix) => {
      const file = `${target.url}${suffix}`;
      return total + (fs.existsSync(file) ? fs.statSync(file).size : 0);
    }, 0);
  }
  const [row] = await db.$queryRaw<{ size: bigint }[]>`SELECT pg_database_size(current_database()) AS size`;
  return Number(row.size);
}
