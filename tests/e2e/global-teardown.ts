import pg from "pg";

/** Drops the PostgreSQL database playwright.config.ts created for this run, once both servers have stopped. */
export default async function globalTeardown(): Promise<void> {
  const url = process.env.E2E_POSTGRES_URL;
  const server = process.env.TEST_DATABASE_URL;
  if (!url || !server) return;
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
