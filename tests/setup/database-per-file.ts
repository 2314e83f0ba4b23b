import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { cloneTemplate } from "./databases";

// Runs before each test file is imported, so lib/db/client.ts opens this file's own database.
const name = `${inject("testRunId")}_${randomBytes(4).toString("hex")}`;
const target = await cloneTemplate(inject("templateDatabase"), name);
process.env.DATABASE_URL = target.provider === "sqlite" ? `file:${target.url}` : target.url;
