import "server-only";
import { type DatabaseTarget, resolveDatabaseTarget } from "./database-url";
import { NO_FILTERS, readMigrationsList, withSchemaEngine } from "./schema-engine";

/**
 * Applies the migrations in prisma/<provider>/migrations that the database has not had yet and
 * records them in _prisma_migrations, exactly as `prisma migrate deploy` does.
 */
export async function applyPendingMigrations(target: DatabaseTarget = resolveDatabaseTarget()): Promise<string[]> {
  const { appliedMigrationNames } = await withSchemaEngine(target, (engine) =>
    engine.applyMigrations({
      migrationsList: readMigrationsList(target.provider),
      filters: NO_FILTERS,
    }),
  );
  return appliedMigrationNames;
}
