import "server-only";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { createAdapterFactory } from "./adapter";
import type { DatabaseProvider, DatabaseTarget } from "./database-url";

// Prisma's CLI downloads a native schema engine on every command, which cannot be done offline.
// The same engine is published to npm as WebAssembly; this drives it with the app's own driver
// adapter, so migrations need nothing beyond node_modules.

type SchemaEngineModule = typeof import("@prisma/schema-engine-wasm");
export type SchemaEngine = Awaited<ReturnType<SchemaEngineModule["SchemaEngine"]["new"]>>;

const PRISMA_DIR = path.resolve(process.cwd(), "prisma");

export function migrationsDir(provider: DatabaseProvider) {
  return path.join(PRISMA_DIR, provider, "migrations");
}

/** Prisma's own layout: <dir>/migration_lock.toml and <dir>/<name>/migration.sql. */
export function readMigrationsList(provider: DatabaseProvider) {
  const baseDir = migrationsDir(provider);
  const lockPath = path.join(baseDir, "migration_lock.toml");
  const names = fs.existsSync(baseDir)
    ? fs
        .readdirSync(baseDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir,
    lockfile: {
      path: "migration_lock.toml",
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: {
          tag: "ok" as const,
          value: fs.readFileSync(path.join(baseDir, name, "migration.sql"), "utf8"),
        },
      },
    })),
  };
}

/** The schema files Prisma would read for a provider: its datasource plus the shared models. */
export function readSchemaFiles(provider: DatabaseProvider): [string, string][] {
  const dir = path.join(PRISMA_DIR, provider);
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".prisma"))
    .map((name) => [path.join(dir, name), fs.readFileSync(path.join(dir, name), "utf8")]);
}

let loaded: Promise<SchemaEngineModule> | undefined;

// The package's entry imports its .wasm file as an ES module, which Node 20 refuses without a
// flag, so the module is instantiated by hand the way its generated glue expects.
function loadSchemaEngineModule(): Promise<SchemaEngineModule> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const glue = await import(/* webpackIgnore: true */ gluePath);
    const wasm = new WebAssembly.Module(fs.readFileSync(gluePath.replace(/\.js$/, ".wasm")));
    const instance = new WebAssembly.Instance(wasm, { "./schema_engine_bg.js": glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue as SchemaEngineModule;
  })();
  return loaded;
}

/**
 * Runs work with a schema engine on the target's database, then closes every connection the
 * engine opened (engine.free() leaves the adapter's pool open, which would keep a PostgreSQL
 * database busy and the process alive).
 */
export async function withSchemaEngine<T>(
  target: DatabaseTarget,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadSchemaEngineModule();
  const factory = createAdapterFactory(target);
  const opened: { dispose(): Promise<void> }[] = [];
  const tracked = Object.assign(Object.create(Object.getPrototypeOf(factory)), factory, {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = await factory.connectToShadowDb();
      opened.push(adapter);
      return adapter;
    },
  });
  const log = (message: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) console.error(message);
  };
  const engine = await SchemaEngine.new(
    { datamodels: readSchemaFiles(target.provider) },
    log,
    bindMigrationAwareSqlAdapterFactory(tracked),
  );
  try {
    return await work(engine);
  } finally {
    engine.free();
    await Promise.all(opened.map((adapter) => adapter.dispose()));
  }
}

export const NO_FILTERS = { externalTables: [], externalEnums: [] };
