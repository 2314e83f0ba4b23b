// npm run db:generate (also run by postinstall): generates one Prisma client per provider into
// lib/db/generated/. The CLI insists on finding a schema engine binary before it does anything,
// though generate never runs it; pointing it at any existing file keeps it from downloading one.
import { execFileSync } from "node:child_process";

const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
for (const provider of ["sqlite", "postgresql"]) {
  execFileSync("npx", ["prisma", "generate", "--schema", `prisma/${provider}`], { stdio: "inherit", env });
}
