import "server-only";
import { resolveDatabaseTarget } from "./database-url";
import { Prisma } from "./prisma";

// What the rollups (lib/insights/rollups.ts) need that the providers spell differently.

const provider = resolveDatabaseTarget().provider;

/**
 * The start of the hour of a DateTime column, as the column type stores it. SQLite keeps Prisma's
 * DateTime as ISO 8601 text, so the hour is that text with minutes and seconds zeroed, written
 * exactly as Prisma writes an instant.
 */
export function hourStart(column: string): Prisma.Sql {
  if (provider === "postgresql") return Prisma.raw(`date_trunc('hour', "${column}")`);
  return Prisma.raw(`strftime('%Y-%m-%dT%H:00:00.000+00:00', "${column}")`);
}

/**
 * The start of the hour or UTC day of an hour column, for grouping in SQL: a month of hours comes
 * back as 30 rows, not 720. SQLite answers text, PostgreSQL a timestamp; `new Date` reads both.
 */
export function bucketStart(column: string, bucket: "hour" | "day"): Prisma.Sql {
  if (bucket === "hour") return Prisma.raw(`"${column}"`);
  if (provider === "postgresql") return Prisma.raw(`date_trunc('day', "${column}")`);
  return Prisma.raw(`substr("${column}", 1, 10) || 'T00:00:00.000+00:00'`);
}

/** An instant as a parameter compared with a DateTime column: on SQLite, the text Prisma stores. */
export function instantParam(instant: Date): Date | string {
  return provider === "postgresql" ? instant : instant.toISOString().replace("Z", "+00:00");
}

/**
 * Holds the rollup tables for the rest of a transaction: the receiver's counts wait until a
 * rebuild commits. SQLite needs nothing: the rebuild's first write takes its one write lock.
 */
export async function lockRollupTables(tx: Prisma.TransactionClient): Promise<void> {
  if (provider !== "postgresql") return;
  await tx.$executeRaw`LOCK TABLE "DeliveryHour", "ObjectHour", "FetchHour", "ForwardHour" IN EXCLUSIVE MODE`;
}
