// npm run bench:flood -- [--no-build] [--requests 500] [--size 1048576] [--concurrency 10]
// (--size: each body's bytes; the default is the largest body the receiver accepts)
//
// What a forged flood costs the disk: one source sends N unsigned bodies of --size bytes (form
// bodies, so the receiver also keeps their parsed text) to the production build, on a fresh SQLite
// database each time, twice in one run: with the failure budget out of reach (every forgery kept
// whole, as before the budget existed) and with the default budget. Prints the database's growth
// for each and their ratio; every request must still be answered 401 and stored.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildApp, freePort, startApp } from "../lib/app-server";
import { type FreshDatabase, freshSqliteDatabase } from "./fresh-database";

const { values: args } = parseArgs({
  options: {
    "no-build": { type: "boolean", default: false },
    requests: { type: "string", default: "500" },
    size: { type: "string", default: String(1024 * 1024) },
    concurrency: { type: "string", default: "10" },
  },
});
const requests = Number(args.requests);
const size = Number(args.size);
const concurrency = Number(args.concurrency);
const distDir = process.env.NEXT_DIST_DIR || ".next-bench";

function databaseBytes(database: FreshDatabase): number {
  return ["", "-wal"].reduce((total, suffix) => {
    const file = `${database.target.url}${suffix}`;
    return total + (fs.existsSync(file) ? fs.statSync(file).size : 0);
  }, 0);
}

interface FloodResult {
  label: string;
  growthBytes: number;
  statuses: Record<number, number>;
}

async function flood(label: string, env: Record<string, string>): Promise<FloodResult> {
  const database = await freshSqliteDatabase();
  try {
    const app = await startApp({
      distDir,
      port: await freePort(0),
      env: { DATABASE_URL: database.databaseUrl, ACCELO_WEBHOOK_SECRET: "flood-secret", ...env },
      logFile: path.join(database.workDir, "server.log"),
    });
    const before = databaseBytes(database);
    const fields = `id=1&resource_url=${encodeURIComponent("https://acme.api.accelo.com/api/v0/tasks/1")}&padding=`;
    // Exactly --size bytes: the default is the largest body the receiver accepts, 1 MiB.
    const body = `${fields}${"p".repeat(size - fields.length)}`;
    const statuses: Record<number, number> = {};
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests) {
          next++;
          const response = await fetch(`${app.origin}/api/webhooks/accelo`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", "x-accelo-event": "assign_task" },
            body,
          });
          await response.arrayBuffer();
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        }
      }),
    );
    // A clean stop closes the database, which checkpoints SQLite's log into its file.
    await app.stop("SIGTERM");
    const growthBytes = databaseBytes(database) - before;
    const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
    console.log(
      `${label.padEnd(28)} grew ${mib(growthBytes).padStart(10)}, ${Math.round(growthBytes / requests).toLocaleString("en")} bytes a request; answers ${JSON.stringify(statuses)}`,
    );
    return { label, growthBytes, statuses };
  } finally {
    await database.drop();
  }
}

if (args["no-build"]) console.log(`--no-build: using the build in ${distDir}`);
else await buildApp(distDir);

console.log(`${requests} unsigned ${size.toLocaleString("en")}-byte form bodies from one source, SQLite:`);
const unbudgeted = await flood("budget out of reach", {
  FAILED_SIGNATURE_BUDGET_MB: "1000000",
  FAILED_SIGNATURE_SOURCE_BUDGET_MB: "1000000",
});
const budgeted = await flood("default budget", {});
console.log(`growth with the default budget / without: ${(budgeted.growthBytes / unbudgeted.growthBytes).toFixed(3)}`);
const answeredAll = [unbudgeted, budgeted].every((result) => result.statuses[401] === requests);
process.exit(answeredAll ? 0 : 1);
