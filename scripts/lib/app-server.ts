// Builds the production app and runs its server (server.ts) as a child process on 127.0.0.1, for benchmarks
// and tests that must measure or break the real server rather than a handler in-process.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createHttpSender } from "./http-sender";

const ROOT = path.resolve(import.meta.dirname, "../..");
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");
const HOST = "127.0.0.1";

/** Variables of the developer's shell that would change what the measured server does. */
const INHERITED_SETTINGS =
  /^(DATABASE_URL|DATABASE_POOL_SIZE|ACCELO_.*|WEBHOOK_.*|DASHBOARD_.*|RETENTION_DAYS|APP_SECRET_KEY.*|SESSION_SECRET|PUBLIC_URL)$/;

function childEnv(distDir: string, env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !INHERITED_SETTINGS.test(name)));
  return { ...inherited, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: distDir, ...env };
}

/** `next build` into `distDir`, its output passed through; throws when the build fails. */
export async function buildApp(distDir: string): Promise<void> {
  const build = spawn(process.execPath, [NEXT_BIN, "build"], {
    cwd: ROOT,
    env: childEnv(distDir, {}),
    stdio: "inherit",
  });
  const code = await new Promise<number | null>((resolve) => build.on("exit", resolve));
  if (code !== 0) throw new Error(`next build exited with ${code}`);
}

/** The given port if it is free on 127.0.0.1, else any port the system hands out. */
export function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      if (preferred !== 0 && error.code === "EADDRINUSE") resolve(freePort(0));
      else reject(error);
    });
    probe.listen(preferred, HOST, () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** Where the server's stdout and stderr go. */
  logFile: string;
  /** Ends the server (SIGKILL by default: what it acknowledged must already be durable). */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

async function answersHealth(origin: string): Promise<boolean> {
  const sender = createHttpSender(`${origin}/api/health`, { connections: 1, timeoutMs: 1000 });
  try {
    return (await sender.send({ method: "GET" })).status === 200;
  } catch {
    return false;
  } finally {
    sender.close();
  }
}

const serverGroups = new Set<number>();
let exitHandlersInstalled = false;

// A server left behind would hold its port and a core: whatever ends this process ends them too.
function killServersOnExit(): void {
  if (exitHandlersInstalled) return;
  exitHandlersInstalled = true;
  process.once("exit", () => {
    for (const group of serverGroups) {
      try {
        process.kill(-group, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => process.exit(130));
  }
}

/** Starts the app's server (server.ts, as `npm start` does) from a build in `distDir`; waits until GET /api/health answers. */
export async function startApp({
  distDir,
  port,
  env,
  logFile,
  readyTimeoutMs = 60_000,
}: {
  distDir: string;
  port: number;
  env: Record<string, string>;
  logFile: string;
  readyTimeoutMs?: number;
}): Promise<RunningApp> {
  const log = fs.openSync(logFile, "a");
  // Its own process group, so that stopping it also stops any worker it forked.
  const serverArgs = ["--import", "tsx", "server.ts", "--hostname", HOST, "--port", String(port)];
  // The sealing key goes beside the log, never into the developer's data/, unless `env` names one.
  const keyFile = path.join(path.dirname(logFile), "app-secret.key");
  const child = spawn(process.execPath, serverArgs, {
    cwd: ROOT,
    env: childEnv(distDir, { APP_SECRET_KEY_FILE: keyFile, ...env }),
    stdio: ["ignore", log, log],
    detached: true,
  });
  fs.closeSync(log);
  if (child.pid === undefined) throw new Error("could not start the server");
  const group = child.pid;
  killServersOnExit();
  serverGroups.add(group);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let running = true;
  void exited.then(() => {
    running = false;
    serverGroups.delete(group);
  });

  const origin = `http://${HOST}:${port}`;
  async function stop(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    if (!running) return;
    process.kill(-group, signal);
    await exited;
  }

  const deadline = Date.now() + readyTimeoutMs;
  while (!(await answersHealth(origin))) {
    if (!running || Date.now() > deadline) {
      await stop();
      const tail = fs.readFileSync(logFile, "utf8").split("\n").slice(-20).join("\n");
      throw new Error(`the server did not become ready on ${origin}; last lines of ${logFile}:\n${tail}`);
    }
    await sleep(200);
  }
  return { origin, logFile, stop };
}
