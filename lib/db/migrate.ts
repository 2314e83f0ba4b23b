import "server-only";
import { type DatabaseTarget, resolveDatabaseTarget } from "./database-url";
import { withMigrationLock } from "./migration-lock";
import { NO_FILTERS, readMigrationsList, withSchemaEngine } from "./schema-engine";

/**
 * Applies the migrations in prisma/<provider>/migrations that the database has not had yet and
 * records them in _prisma_migrations, exactly as `prisma migrate deploy` does. Processes that run
 * this at the same time take turns (lib/db/migration-lock.ts): the later ones find nothing pending.
 */
export async function applyPendingMigrations(target: DatabaseTarget = resolveDatabaseTarget()): Promise<string[]> {
  const { appliedMigrationNames } = await withMigrationLock(target, () =>
    withSchemaEngine(target, (engine) =>
      engine.applyMigrations({
        migrationsList: readMigrationsList(target.provider),
        filters: NO_FILTERS,
      }),
    ),
  );
  return appliedMigrationNames;
}
