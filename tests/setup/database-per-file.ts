import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { cloneTemplate } from "./databases";

// Runs before each test file is imported, so lib/db/client.ts opens this file's own database.
const name = `${inject("testRunId")}_${randomBytes(4).toString("hex")}`;
const target = await cloneTemplate(inject("templateDatabase"), name);
process.env.DATABASE_URL = target.provider === "sqlite" ? `file:${target.url}` : target.url;
// The key that seals secrets: a file of this test file's own, generated on first use as a server
// does, never the developer's data/app-secret.key.
process.env.APP_SECRET_KEY_FILE = path.join(os.tmpdir(), `awm-key-${name}`, "app-secret.key");
