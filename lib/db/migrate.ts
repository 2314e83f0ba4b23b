import { resolveDatabaseTarget, type DatabaseTarget } from "./database-url";
import { NO_FILTERS, openSchemaEngine, readMigrationsList } from "./schema-engine";

/**
 * Applies the migrations in prisma/<provider>/migrations that the database has not had yet and
 * records them in _prisma_migrations, exactly as `prisma migrate deploy` does.
 */
export async function applyPendingMigrations(
  target: DatabaseTarget = resolveDatabaseTarget(),
): Promise<string[]> {
  const engine = await openSchemaEngine(target);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: readMigrationsList(target.provider),
      filters: NO_FILTERS,
    });
    return appliedMigrationNames;
  } finally {
    engine.free();
  }
}
