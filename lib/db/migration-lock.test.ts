import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { resolveDatabaseTarget } from "./database-url";
import { withMigrationLock } from "./migration-lock";

const ROOT = path.resolve(import.meta.dirname, "../..");

// Takes the lock of this file's database in a process of its own and holds it until killed, with
// work that never ends and that nothing refers to: a garbage collection must not let go of it.
const HOLDER = `
const { withMigrationLock } = await import("./lib/db/migration-lock.ts");
const { resolveDatabaseTarget } = await import("./lib/db/database-url.ts");
setInterval(() => {}, 60_000);
await withMigrationLock(resolveDatabaseTarget(), () => {
  setTimeout(() => { globalThis.gc(); console.log("holding"); }, 0);
  return new Promise(() => {});
});
`;

describe("withMigrationLock", () => {
  it("keeps a second holder out, and gives up after its deadline without running its work", async () => {
    const target = resolveDatabaseTarget();
    let secondRan = false;
    await withMigrationLock(target, async () => {
      await expect(
        withMigrationLock(
          target,
          async () => {
            secondRan = true;
          },
          300,
        ),
      ).rejects.toThrow(/gave up waiting/);
    });
    expect(secondRan).toBe(false);
  });

  it("lets the waiting holder in once the first is done", async () => {
    const target = resolveDatabaseTarget();
    const events: string[] = [];
    let firstHolds!: () => void;
    const holding = new Promise<void>((resolve) => {
      firstHolds = resolve;
    });
    const first = withMigrationLock(target, async () => {
      events.push("first starts");
      firstHolds();
      await sleep(400);
      events.push("first ends");
    });
    await holding;
    const second = withMigrationLock(target, async () => {
      events.push("second starts");
    });
    await Promise.all([first, second]);
    expect(events).toEqual(["first starts", "first ends", "second starts"]);
  });

  it("holds through a garbage collection, and is let go when its holder is killed: no stale lock", async () => {
    const holder = spawn(
      process.execPath,
      ["--expose-gc", "--import", "tsx", "--conditions=react-server", "--input-type=module", "--eval", HOLDER],
      { cwd: ROOT, env: process.env, stdio: ["ignore", "pipe", "inherit"] },
    );
    const exited = new Promise((resolve) => holder.once("exit", resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        createInterface({ input: holder.stdout }).on("line", (line) => {
          if (line === "holding") resolve();
        });
        void exited.then(() => reject(new Error("the holder exited before it took the lock")));
      });
      const target = resolveDatabaseTarget();
      await expect(withMigrationLock(target, async () => "taken", 300)).rejects.toThrow(/gave up waiting/);
      holder.kill("SIGKILL");
      await exited;
      // A lock left behind by the dead process would make this time out.
      await expect(withMigrationLock(target, async () => "taken", 10_000)).resolves.toBe("taken");
    } finally {
      holder.kill("SIGKILL");
    }
  });
});
