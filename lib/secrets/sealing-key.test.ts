import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { StartupSettingError } from "../errors";
import { loadSealingKey } from "./sealing-key";

function tempFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "awm-sealing-")), "data", "app-secret.key");
}

describe("loadSealingKey", () => {
  it("generates the key file at first use, readable by its owner only, and reads the same key after", () => {
    const file = tempFile();
    const lines: string[] = [];
    const first = loadSealingKey({ APP_SECRET_KEY_FILE: file }, (line) => lines.push(line));
    expect(first).toMatchObject({ source: "file", file });
    expect(first.key).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(lines.join("\n")).toMatch(/generated the key/);
    const again = loadSealingKey({ APP_SECRET_KEY_FILE: file }, () => {});
    expect(again.key.equals(first.key)).toBe(true);
    expect(fs.readdirSync(path.dirname(file))).toEqual(["app-secret.key"]);
  });

  it("gives every instance starting at once the same key", async () => {
    const file = tempFile();
    const keys = await Promise.all(
      Array.from({ length: 8 }, async () =>
        loadSealingKey({ APP_SECRET_KEY_FILE: file }, () => {}).key.toString("hex"),
      ),
    );
    expect(new Set(keys).size).toBe(1);
  });

  it("warns about a key file others can read", () => {
    const file = tempFile();
    loadSealingKey({ APP_SECRET_KEY_FILE: file }, () => {});
    fs.chmodSync(file, 0o644);
    const lines: string[] = [];
    loadSealingKey({ APP_SECRET_KEY_FILE: file }, (line) => lines.push(line));
    expect(lines.join("\n")).toMatch(/can be read by other users \(mode 644\); chmod 600 it/);
  });

  it("takes APP_SECRET_KEY over any file, and refuses a short one", () => {
    const file = tempFile();
    const fromEnv = loadSealingKey({ APP_SECRET_KEY: "e".repeat(32), APP_SECRET_KEY_FILE: file }, () => {});
    expect(fromEnv.source).toBe("environment");
    expect(fs.existsSync(file)).toBe(false);
    expect(() => loadSealingKey({ APP_SECRET_KEY: "short" }, () => {})).toThrow(StartupSettingError);
    const other = loadSealingKey({ APP_SECRET_KEY: "f".repeat(32) }, () => {});
    expect(other.key.equals(fromEnv.key)).toBe(false);
  });
});
