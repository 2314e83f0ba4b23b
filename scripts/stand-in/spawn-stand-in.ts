// The stand-in in a process of its own, as Accelo is a host of its own. Run inside a benchmark's
// process, its answers to the server's fetches would take turns on one event loop with the
// senders whose answer times are being measured, and count against the receiver.
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import type { StandInRequest } from "./start-stand-in";

const ROOT = path.resolve(import.meta.dirname, "../..");
const STARTUP_TIMEOUT_MS = 30_000;

export interface StandInProcess {
  origin: string;
  /** Every request it answered, read from its /__control/requests. */
  requests(): Promise<StandInRequest[]>;
  close(): Promise<void>;
}

export async function spawnStandIn(): Promise<StandInProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/accelo-stand-in.ts", "--port", "0", "--quiet"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.once("exit", () => child.kill("SIGKILL"));

  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the stand-in did not start within 30 s")), STARTUP_TIMEOUT_MS);
    createInterface({ input: child.stdout }).on("line", (line) => {
      const listening = /^listening on (http:\/\/\S+)/.exec(line);
      if (!listening) return;
      clearTimeout(timer);
      resolve(listening[1]);
    });
    void exited.then(() => reject(new Error("the stand-in exited before it listened")));
  });

  return {
    origin,
    async requests() {
      const response = await fetch(`${origin}/__control/requests`);
      return (await response.json()) as StandInRequest[];
    },
    async close() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
