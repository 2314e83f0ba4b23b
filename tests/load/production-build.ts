import fs from "node:fs";
import path from "node:path";
import { buildApp } from "@/scripts/lib/app-server";

/** The build `npm test` makes for the browser tests just before the load runs. */
export const LOAD_DIST_DIR = process.env.NEXT_DIST_DIR || ".next-e2e";

/** Run alone (`npm run test:load`) with no build there yet, build it first. */
export default async function setup() {
  if (fs.existsSync(path.join(LOAD_DIST_DIR, "BUILD_ID"))) return;
  console.log(`[load] no production build in ${LOAD_DIST_DIR}: building it`);
  await buildApp(LOAD_DIST_DIR);
}
