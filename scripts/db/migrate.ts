// npm run db:migrate — applies pending migrations to DATABASE_URL (see lib/db/migrate.ts).
import { resolveDatabaseTarget } from "../../lib/db/database-url";
import { applyPendingMigrations } from "../../lib/db/migrate";

const target = resolveDatabaseTarget();
const applied = await applyPendingMigrations(target);
console.log(
  applied.length
    ? `applied ${applied.length} migration(s) to ${target.provider}: ${applied.join(", ")}`
    : `${target.provider}: database is up to date`,
);
process.exit(0);
