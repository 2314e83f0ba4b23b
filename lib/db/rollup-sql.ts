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
 * Holds the rollup tables for the rest of a transaction: the receiver's counts wait until a
 * rebuild commits. SQLite needs nothing: the rebuild's first write takes its one write lock.
 */
export async function lockRollupTables(tx: Prisma.TransactionClient): Promise<void> {
  if (provider !== "postgresql") return;
  await tx.$executeRaw`LOCK TABLE "DeliveryHour", "ObjectHour", "FetchHour", "ForwardHour" IN EXCLUSIVE MODE`;
}
