import { describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { resolveDatabaseTarget } from "../../lib/db/database-url";
import { testProvider } from "../setup/databases";

describe("test database", () => {
  it("is the provider under test, migrated and empty", async () => {
    expect(resolveDatabaseTarget().provider).toBe(testProvider());
    expect(await db.delivery.count()).toBe(0);
  });
});
